package studio.atelier.generation;

import java.util.Collection;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface GenerationImageRepository extends JpaRepository<GenerationImage, Long> {

    List<GenerationImage> findByGenerationIdOrderByPosition(long generationId);

    List<GenerationImage> findByGenerationIdInOrderByGenerationIdAscPositionAsc(Collection<Long> generationIds);

    long countBySha256(String sha256);
}
