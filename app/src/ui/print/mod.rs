//! Printable pages: the passbook, an agreement, a certificate.

pub mod agreement_print_page;
pub mod certificate_page;
pub mod print_page;
