#pragma once
/// Giving freed memory back to the system after a burst of work, so that a
/// long-running service's resident size follows its load instead of keeping
/// its highest peak.

namespace news::web {

/// tcmalloc's ReleaseFreeMemory when the program runs on tcmalloc, else
/// glibc's malloc_trim. Takes a few milliseconds; call it when idle.
void release_free_memory();

}  // namespace news::web
