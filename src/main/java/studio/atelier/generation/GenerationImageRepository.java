package studio.atelier.generation;

import java.util.Collection;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface GenerationImageRepository extends JpaRepository<GenerationImage, Long> {

    List<GenerationImage> findByGenerationIdOrderByPosition(long generationId);

    @org.springframework.data.jpa.repository.Query("select i from GenerationImage i where i.generationId in :generationIds "
            + "order by i.generationId, i.position")
    List<GenerationImage> findByGenerationIdInOrderByGenerationIdAscPositionAsc(Collection<Long> generationIds);

    long countBySha256(String sha256);
}
