package studio.atelier.account;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface UserAccountRepository extends JpaRepository<UserAccount, Long> {

    Optional<UserAccount> findByUsernameKey(String usernameKey);

    boolean existsByUsernameKey(String usernameKey);

    Optional<UserAccount> findFirstByRoleAndEnabledTrueOrderByIdAsc(studio.atelier.shared.Role role);
}
