//! The one place that turns a SHA-256 into text: fingerprints recorded in files and printed in
//! reports must read the same whichever layer made them.

use sha2::{Digest, Sha256};

/// Lowercase hex of the SHA-256 of `bytes` (64 characters), as `sha256sum` prints it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    #[test]
    fn matches_sha256sum() {
        assert_eq!(
            super::sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
