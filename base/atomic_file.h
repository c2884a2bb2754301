// Replacing a file so that a reader (or a reboot) sees either the old content or the new one,
// never a mix or a truncated file.
//
// The bytes go to a temporary file in the same folder, which is flushed to disk (fsync), then
// renamed over `path`, then the folder itself is flushed so the rename survives a power cut.
// A crash at any point leaves `path` as it was; at worst a hidden ".NAME.tmp-XXXXXX" file
// remains beside it, which RemoveStaleTemporaries() (or the next write) cleans up.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include "base/status.h"

namespace kiosk {

// Replaces `path` with `bytes`, created with permission bits `mode` (umask not applied, so
// 0600 means readable by the owner only). The folder must exist.
// Errors: kPermissionDenied (not allowed to write there), kResourceExhausted (disk full),
// kNotFound (folder missing), kFailedPrecondition for any other system error.
//
// Test hook: when the environment variable KIOSK_TEST_ATOMIC_WRITE_HOOK is "stop", the
// process stops itself (SIGSTOP) after the temporary file is flushed and before the rename,
// so a test can kill it exactly there; "abort" aborts there instead.
Status WriteFileAtomically(const std::string& path, std::string_view bytes, mode_t mode);

// Writes `bytes` to a new temporary file beside `path`, flushed to disk, and returns the
// temporary file's path. With CommitTemporary() this splits WriteFileAtomically() in two, so
// that several files can be prepared before any of them replaces its target.
StatusOr<std::string> WriteTemporaryBeside(const std::string& path, std::string_view bytes,
                                           mode_t mode);

// Renames `temporary` over `path` and flushes the folder.
Status CommitTemporary(const std::string& temporary, const std::string& path);

// Flushes the folder `dir` to disk (after creating, renaming or removing entries in it).
Status SyncDirectory(const std::string& dir);

// Removes leftovers of interrupted writes of `path` (".NAME.tmp-*" beside it).
void RemoveStaleTemporaries(const std::string& path);

// Converts an errno value from a file operation to a Status (the one place that does it).
Status FileErrorStatus(int error_number, std::string_view what);

}  // namespace kiosk
