package studio.atelier.generation;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "generation_image")
class GenerationImage {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "generation_id")
    private long generationId;
    @Column(name = "owner_id")
    private long ownerId;
    private int position;
    private String sha256;
    private String format;
    @Column(name = "size_bytes")
    private long sizeBytes;
    private int width;
    private int height;
    @Column(name = "created_at")
    private Instant createdAt;

    protected GenerationImage() {
    }

    Long id() {
        return id;
    }

    long generationId() {
        return generationId;
    }

    long ownerId() {
        return ownerId;
    }

    int position() {
        return position;
    }

    String sha256() {
        return sha256;
    }

    String format() {
        return format;
    }
}
