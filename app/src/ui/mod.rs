//! Pages and components, one per file, in rooms by area: a page is found from its route, and
//! a lazy chunk's boundary is a folder.

pub mod kiosk;
pub mod kit;
pub mod office;
pub mod print;
pub mod shell;
pub mod volunteer;
pub mod wall;
