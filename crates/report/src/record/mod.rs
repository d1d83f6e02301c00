//! The assessment as an agency's record: its canonical form and fingerprint
//! ([`canonical`]), the sign-off steps and whether they still hold ([`signoff`]), the review
//! date ([`due`]) and its setting ([`settings`]). The form is documented in docs/record.md so
//! that anyone can check a fingerprint without xal.

pub mod canonical;
pub mod due;
pub mod fingerprint;
pub mod settings;
pub mod signed;
pub mod signoff;

pub use canonical::{PARTS, Record, grouped};
pub use signoff::{Standing, standing};
