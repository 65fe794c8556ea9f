//! What the emulator keeps of a generated password so that the token service
//! can check it: a salted PBKDF2 digest, never the value (the service shows
//! a password once, and so does the emulator).

use std::num::NonZeroU32;

use rand::RngCore;
use ring::pbkdf2;

/// Few rounds: this guards an emulator's in-memory state, not a user
/// database, and `docker login` in a test must stay quick.
const ROUNDS: NonZeroU32 = NonZeroU32::MIN.saturating_add(999);
const ALGORITHM: pbkdf2::Algorithm = pbkdf2::PBKDF2_HMAC_SHA256;

#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash {
    salt: [u8; 16],
    digest: [u8; 32],
}

impl std::fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHash([REDACTED])")
    }
}

impl PasswordHash {
    pub fn of(password: &str) -> PasswordHash {
        let mut salt = [0u8; 16];
        rand::rng().fill_bytes(&mut salt);
        let mut digest = [0u8; 32];
        pbkdf2::derive(ALGORITHM, ROUNDS, &salt, password.as_bytes(), &mut digest);
        PasswordHash { salt, digest }
    }

    /// Whether `password` is the one hashed (a constant-time comparison).
    pub fn matches(&self, password: &str) -> bool {
        pbkdf2::verify(
            ALGORITHM,
            ROUNDS,
            &self.salt,
            password.as_bytes(),
            &self.digest,
        )
        .is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_matches_and_nothing_else_does() {
        let h = PasswordHash::of("s3cret-value");
        assert!(h.matches("s3cret-value"));
        assert!(!h.matches("s3cret-valuE"));
        assert!(!h.matches(""));
        assert_ne!(h, PasswordHash::of("s3cret-value"), "salted");
        assert!(!format!("{h:?}").contains("s3cret"));
    }
}
