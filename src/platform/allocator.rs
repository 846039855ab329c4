//! The allocator's one setting. The binary allocates with mimalloc (`src/main.rs`), which
//! by default gives memory a thread freed back to the system a second later, and only
//! when that thread allocates again. The threads that read a file end when it is read, so
//! a closed million-event dossier stayed with the process: 1.9 GB after opening a small
//! file next, where a fresh window holds 0.15 GB. Purging at once gives it back (0.17 GB)
//! and keeps a load's peak lowest; it costs the load some time, as memory freed during
//! it is handed out again by the kernel (about 0.4 s of a 4.5 s million-event load, for
//! 30-45 MB less peak): the figures are in the README's performance section.

use std::ffi::{c_int, c_long};

/// `mi_option_purge_delay` in mimalloc v3's `mimalloc.h`, which `libmimalloc-sys` does
/// not name (hence its pinned version).
const PURGE_DELAY: c_int = 15;

/// Its default in mimalloc v3: the option is changed only where it reads so, which also
/// leaves a `MIMALLOC_PURGE_DELAY` set by the user alone.
const DEFAULT_PURGE_DELAY_MS: c_long = 1000;

/// Makes the allocator give freed memory back to the system at once; false when the
/// option was not found as expected (and nothing changed). Call it before any thread
/// starts: mimalloc's options are not thread-safe.
#[allow(unsafe_code)]
pub fn give_freed_memory_back_at_once() -> bool {
    // SAFETY: both are plain reads and writes of an integer option of the allocator,
    // made before other threads exist; neither touches memory we hold.
    unsafe {
        if libmimalloc_sys::mi_option_get(PURGE_DELAY) != DEFAULT_PURGE_DELAY_MS {
            return false;
        }
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 0);
    }
    true
}

/// The delay now set (milliseconds).
#[allow(unsafe_code)]
pub fn purge_delay_ms() -> c_long {
    // SAFETY: a plain read of an integer option.
    unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_is_the_option_it_is_taken_for_and_goes_to_zero() {
        // The test binary links mimalloc too (without making it its allocator), so the
        // option reads its default first; a renumbered option would read otherwise.
        assert_eq!(purge_delay_ms(), 1000);
        assert!(give_freed_memory_back_at_once());
        assert_eq!(purge_delay_ms(), 0);
        assert!(
            !give_freed_memory_back_at_once(),
            "only once, from the default"
        );
    }
}
