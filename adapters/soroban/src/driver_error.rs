//! What goes wrong in the driver itself, as opposed to a contract call the contracts refuse (a
//! `CallError`, which is a reply): a request that breaks the protocol, a snapshot file that cannot
//! be used, a genesis that fails. The binary reports each as one line on stderr and exits 2.
//! Depends on no other module of the driver.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum DriverError {
    /// A request that breaks the protocol (an unknown action, args that do not fit it, a request
    /// out of order): a fault of the harness.
    #[error("{0}")]
    BadRequest(String),
    /// A snapshot file that cannot be read, or that does not hold the contracts a snapshot world needs.
    #[error("snapshot {path}: {what}")]
    Snapshot { path: String, what: String },
    /// The generated world could not be built.
    #[error("{0}")]
    Genesis(String),
}

impl DriverError {
    pub fn snapshot(path: &str, what: impl Into<String>) -> DriverError {
        DriverError::Snapshot {
            path: path.to_string(),
            what: what.into(),
        }
    }
}
