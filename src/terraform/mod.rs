//! The evaluated model of a Terraform configuration.

pub mod functions;
pub mod value;

pub use value::{Origin, Part, Unknown, Value};
