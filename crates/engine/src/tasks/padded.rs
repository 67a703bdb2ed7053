//! A value alone on its cache line, so that writes to it do not slow down reads of its
//! neighbours on other cores (false sharing).

/// `T` aligned, and so padded, to 128 bytes: a cache line and the one x86 prefetches
/// with it.
#[repr(align(128))]
#[derive(Debug, Default)]
pub(crate) struct Padded<T>(pub(crate) T);

impl<T> std::ops::Deref for Padded<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}
