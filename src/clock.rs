//! The one place xal reads the clock; everything below the command line and the main loop is
//! told the time.

use chrono::{DateTime, FixedOffset, SubsecRound};

/// Local time to the second: a person reads these in the files.
pub fn now() -> DateTime<FixedOffset> {
    chrono::Local::now().fixed_offset().trunc_subsecs(0)
}
