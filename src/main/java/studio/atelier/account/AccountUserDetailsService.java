package studio.atelier.account;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

@Component
class AccountUserDetailsService implements UserDetailsService {

    private final UserAccountRepository accounts;

    AccountUserDetailsService(UserAccountRepository accounts) {
        this.accounts = accounts;
    }

    @Override
    @Transactional(readOnly = true)
    public UserDetails loadUserByUsername(String username) {
        // an account provisioned by an identity provider has no password to sign in with
        return accounts.findByUsernameKey(UserAccount.keyOf(username)).filter(a -> a.passwordHash() != null).map(UserAccount::toPrincipal)
                .orElseThrow(() -> new UsernameNotFoundException("no such account"));
    }
}
