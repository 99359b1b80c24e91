//! Helpers shared by the integration tests (each test file includes this module; not every file uses every part).

pub mod checks;
pub mod documents;
