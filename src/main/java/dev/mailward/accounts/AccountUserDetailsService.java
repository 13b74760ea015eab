package dev.mailward.accounts;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Loads users for authentication; upgrades old password hashes to the current encoder on login. */
@Component
class AccountUserDetailsService implements UserDetailsService, UserDetailsPasswordService {

    private final UserAccountRepository users;

    AccountUserDetailsService(UserAccountRepository users) {
        this.users = users;
    }

    @Override
    @Transactional(readOnly = true)
    public UserDetails loadUserByUsername(String username) {
        return users.findByUsername(LoginAttempts.normalize(username))
                .map(AccountPrincipal::new)
                .orElseThrow(() -> new UsernameNotFoundException("no such user"));
    }

    @Override
    @Transactional
    public UserDetails updatePassword(UserDetails user, String newPassword) {
        UserAccount account = users.findByUsername(user.getUsername())
                .orElseThrow(() -> new UsernameNotFoundException("no such user"));
        account.rehashPassword(newPassword);
        return new AccountPrincipal(account);
    }
}
