#pragma once
/// The programs' version, from `git describe` at configure time
/// (cmake/version.cmake): "1.2.0" on a tag, "0.1.0+57.g1a2b3c4" 57 commits
/// into an untagged history. Shown by every program's --version and /healthz.

#include <string_view>

namespace news::schema {

/// The version string; also the Debian package's version.
std::string_view version();

}  // namespace news::schema
