#pragma once
/// Run-fatal errors of the indexer; a bad article is not one of them (it is
/// skipped and counted).

#include <stdexcept>

namespace news::indexer {

/// The run cannot go on (database not writable, no sources, disk full).
class IndexError : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// Another writer holds the database's lock.
class LockedError : public IndexError {
    using IndexError::IndexError;
};

}  // namespace news::indexer
