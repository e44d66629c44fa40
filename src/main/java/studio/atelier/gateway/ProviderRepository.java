package studio.atelier.gateway;

import org.springframework.data.jpa.repository.JpaRepository;

interface ProviderRepository extends JpaRepository<ProviderRow, String> {
}
