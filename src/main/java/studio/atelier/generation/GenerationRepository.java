package studio.atelier.generation;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface GenerationRepository extends JpaRepository<Generation, Long> {

    Optional<Generation> findByIdAndOwnerId(long id, long ownerId);
}
