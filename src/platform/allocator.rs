//! The allocator: mimalloc, asked for plain blocks ([`Allocator`]), and its one setting.
//! The binary allocates with it (`src/main.rs`); mimalloc
//! by default gives memory a thread freed back to the system a second later, and only
//! when that thread allocates again. The threads that read a file end when it is read, so
//! a closed million-event dossier stayed with the process: 1.9 GB after opening a small
//! file next, where a fresh window holds 0.15 GB. Purging at once gives it back (0.17 GB)
//! and keeps a load's peak lowest; it costs the load some time, as memory freed during
//! it is handed out again by the kernel (about 0.4 s of a 4.5 s million-event load, for
//! 30-45 MB less peak): the figures are in the README's performance section.

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::{c_int, c_long, c_void};

use libmimalloc_sys::{
    mi_free, mi_malloc, mi_malloc_aligned, mi_realloc, mi_realloc_aligned, mi_zalloc,
    mi_zalloc_aligned,
};

/// The alignment every mimalloc block has.
const BLOCK_ALIGN: usize = 8;

/// mimalloc, asked for a plain block whenever every block is aligned enough. The
/// `mimalloc` crate's allocator asks for an aligned block every time, and when mimalloc
/// makes many of them, an aligned request of exactly a size class's size takes the next
/// class: a million 192-byte boxes took 224 bytes each, and 80-byte lists of two actors
/// 96 bytes as often as not.
pub struct Allocator;

// SAFETY: each function hands the request to mimalloc's matching one, which returns a
// block of at least `layout.size()` bytes aligned to `layout.align()`, or null; a plain
// block is asked for only when its alignment of at least `BLOCK_ALIGN` is enough. All
// blocks are freed and resized by mimalloc, whichever way they were made.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: see the impl.
        unsafe {
            if layout.align() <= BLOCK_ALIGN {
                mi_malloc(layout.size())
            } else {
                mi_malloc_aligned(layout.size(), layout.align())
            }
        }
        .cast()
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: see the impl.
        unsafe {
            if layout.align() <= BLOCK_ALIGN {
                mi_zalloc(layout.size())
            } else {
                mi_zalloc_aligned(layout.size(), layout.align())
            }
        }
        .cast()
    }

    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from this allocator, so from mimalloc.
        unsafe { mi_free(ptr.cast::<c_void>()) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from this allocator, so from mimalloc; see the impl.
        unsafe {
            if layout.align() <= BLOCK_ALIGN {
                mi_realloc(ptr.cast::<c_void>(), new_size)
            } else {
                mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align())
            }
        }
        .cast()
    }
}

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

    /// The block mimalloc gave for each of `count` requests of `layout` from `allocator`.
    #[allow(unsafe_code)]
    fn blocks(allocator: &impl GlobalAlloc, layout: Layout, count: usize) -> Vec<usize> {
        // SAFETY: every block is asked for with a non-zero size, checked, written to
        // within its size, measured by mimalloc, which made it, and freed with the
        // layout it was made with.
        unsafe {
            let made: Vec<*mut u8> = (0..count).map(|_| allocator.alloc(layout)).collect();
            assert!(made.iter().all(|p| !p.is_null()), "out of memory");
            let sizes = made
                .iter()
                .map(|&p| {
                    p.write_bytes(1, layout.size());
                    libmimalloc_sys::mi_usable_size(p.cast::<c_void>())
                })
                .collect();
            for p in made {
                allocator.dealloc(p, layout);
            }
            sizes
        }
    }

    #[test]
    fn many_blocks_of_a_size_class_s_size_take_that_class_not_the_next() {
        // The test binary's own allocator is not this one: it is called directly. In
        // bulk, the aligned requests of the `mimalloc` crate took 224 bytes here.
        for (size, class) in [(80, 80), (192, 192), (216, 224)] {
            let layout = Layout::from_size_align(size, 8).unwrap_or_else(|e| panic!("{e}"));
            let taken = blocks(&Allocator, layout, 100_000);
            assert!(taken.iter().all(|&b| b == class), "{size} bytes");
        }
        // More alignment than every block has is still asked for, and given.
        let layout = Layout::from_size_align(48, 64).unwrap_or_else(|e| panic!("{e}"));
        // SAFETY: a non-zero size, freed with its layout.
        #[allow(unsafe_code)]
        unsafe {
            let p = Allocator.alloc(layout);
            assert!(!p.is_null() && (p as usize).is_multiple_of(64));
            let p = Allocator.realloc(p, layout, 4000);
            assert!(!p.is_null() && (p as usize).is_multiple_of(64));
            Allocator.dealloc(p, Layout::from_size_align(4000, 64).unwrap_or(layout));
        }
    }

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
