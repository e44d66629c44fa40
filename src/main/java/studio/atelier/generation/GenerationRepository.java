package studio.atelier.generation;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface GenerationRepository extends JpaRepository<Generation, Long> {

    Optional<Generation> findByIdAndOwnerId(long id, long ownerId);

    /** A page's generations. A query string, whose translation Hibernate keeps, unlike the criteria query of findAllById. */
    @org.springframework.data.jpa.repository.Query("select g from Generation g where g.id in :ids")
    List<Generation> findPage(java.util.Collection<Long> ids);
}
