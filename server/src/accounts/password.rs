//! Password hashes and session tokens: argon2id in PHC string form, computed in working memory
//! reused per thread, and random tokens of which only a SHA-256 is stored.

use app::api::ports::SessionToken;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use sha2::{Digest, Sha256};

/// An argon2id hash (the crate's defaults: 19 MiB, 2 passes) in PHC string form.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    let params = Params::default();
    let (algorithm, version) = (Algorithm::Argon2id, Version::V0x13);
    let output = argon2_into_reused_memory(
        algorithm,
        version,
        params.clone(),
        password.as_bytes(),
        salt.as_salt(),
        Params::DEFAULT_OUTPUT_LEN,
    )
    .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))?;
    let hash = PasswordHash {
        algorithm: algorithm.ident(),
        version: Some(version.into()),
        params: ParamsString::try_from(&params)
            .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    };
    Ok(hash.to_string())
}

/// Checks `password` against a PHC string (any argon2 variant and parameters it names); the
/// comparison of the outputs takes the same time wherever they differ.
pub(super) fn verify_password(password: &str, hash: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    let (Ok(algorithm), Some(salt), Some(expected), Ok(params)) = (
        Algorithm::try_from(parsed.algorithm),
        parsed.salt,
        parsed.hash,
        Params::try_from(&parsed),
    ) else {
        return false;
    };
    let version = match parsed.version.map(Version::try_from).transpose() {
        Ok(version) => version.unwrap_or_default(),
        Err(_) => return false,
    };
    argon2_into_reused_memory(
        algorithm,
        version,
        params,
        password.as_bytes(),
        salt,
        expected.len(),
    )
    .is_ok_and(|output| output == expected)
}

thread_local! {
    /// The argon2 working memory of this thread, allocated once and reused: freeing and
    /// allocating 19 MiB per hash left the allocator holding hundreds of megabytes after a burst
    /// of sign-ins (measured: 1,000 at once, 518 MB peak with per-hash memory).
    static ARGON2_MEMORY: std::cell::RefCell<Vec<Block>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn argon2_into_reused_memory(
    algorithm: Algorithm,
    version: Version,
    params: Params,
    password: &[u8],
    salt: argon2::password_hash::Salt<'_>,
    output_len: usize,
) -> argon2::password_hash::Result<Output> {
    let mut salt_bytes = [0u8; 64];
    let salt = salt.decode_b64(&mut salt_bytes)?;
    let blocks = params.block_count();
    let argon2 = Argon2::new(algorithm, version, params);
    ARGON2_MEMORY.with(|memory| {
        let mut memory = memory.borrow_mut();
        if memory.len() < blocks {
            memory.resize(blocks, Block::default());
        }
        Output::init_with(output_len, |out| {
            argon2
                .hash_password_into_with_memory(password, salt, out, &mut memory[..blocks])
                .map_err(|_| argon2::password_hash::Error::Crypto)
        })
    })
}

pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub(super) fn new_token() -> SessionToken {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    SessionToken(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use argon2::password_hash::{PasswordHasher, PasswordVerifier};

    use super::*;

    #[test]
    fn hashes_made_before_still_verify_and_new_ones_verify_with_the_crate() {
        let old = Argon2::default()
            .hash_password(b"lovebank", &SaltString::generate(&mut OsRng))
            .expect("hash")
            .to_string();
        assert!(verify_password("lovebank", &old));
        assert!(!verify_password("lovebank!", &old));
        let new = hash_password("lovebank").expect("hash");
        let parsed = PasswordHash::new(&new).expect("phc");
        assert!(Argon2::default()
            .verify_password(b"lovebank", &parsed)
            .is_ok());
        assert!(verify_password("lovebank", &new));
        assert!(!verify_password("", &new));
        assert!(!verify_password("lovebank", "not a hash"));
        assert!(!verify_password(
            "lovebank",
            "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ"
        ));
    }
}
