#pragma once
/// HTTP Basic authentication against one Argon2id password hash (the
/// editors' /statistik). Argon2id is slow on purpose, so at most one
/// verification runs at a time (another attempt meanwhile is BUSY, 503), and
/// a header that verified is remembered for ten minutes (as a keyed hash of
/// the header, never the password) so that reloading the page costs nothing.

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace news::web {

class BasicAuth {
  public:
    explicit BasicAuth(std::string password_hash);

    enum class Result { OK, DENIED, BUSY };
    /// Check an Authorization header value ("Basic base64(user:password)";
    /// the user name is not checked).
    Result check(const std::string& authorization);

  private:
    std::string digest(const std::string& header) const;

    std::string m_hash;
    std::vector<unsigned char> m_cache_key;
    std::mutex m_verify;
    std::mutex m_cache_mutex;
    std::map<std::string, std::chrono::steady_clock::time_point> m_verified;  ///< digest → valid until
};

}  // namespace news::web
