//! One file per subcommand: its arguments and a plain `run`.

pub mod fetch;
pub mod progress;
pub mod run;
pub mod schema;
pub mod validate;
