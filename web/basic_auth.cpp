#include "web/basic_auth.hpp"

#include "stats/password.hpp"

#include <sodium.h>

#include <stdexcept>

namespace news::web {

namespace {
constexpr auto kRemember = std::chrono::minutes(10);
constexpr size_t kMaxRemembered = 64;
}  // namespace

BasicAuth::BasicAuth(std::string password_hash) : m_hash(std::move(password_hash)), m_cache_key(32) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium cannot be initialised");
    randombytes_buf(m_cache_key.data(), m_cache_key.size());
}

std::string BasicAuth::digest(const std::string& header) const {
    unsigned char out[32];
    crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(header.data()), header.size(),
                       m_cache_key.data(), m_cache_key.size());
    return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

BasicAuth::Result BasicAuth::check(const std::string& authorization) {
    if (authorization.size() < 7 || authorization.size() > 1024) return Result::DENIED;
    std::string scheme = authorization.substr(0, 6);
    for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (scheme != "basic ") return Result::DENIED;
    const auto now = std::chrono::steady_clock::now();
    const std::string key = digest(authorization);
    {
        std::lock_guard lock(m_cache_mutex);
        auto it = m_verified.find(key);
        if (it != m_verified.end()) {
            if (it->second > now) return Result::OK;
            m_verified.erase(it);
        }
    }
    std::string b64 = authorization.substr(6);
    while (!b64.empty() && b64.front() == ' ') b64.erase(0, 1);
    std::vector<unsigned char> decoded(b64.size());
    size_t len = 0;
    if (sodium_base642bin(decoded.data(), decoded.size(), b64.data(), b64.size(), nullptr, &len, nullptr,
                          sodium_base64_VARIANT_ORIGINAL) != 0)
        return Result::DENIED;
    std::string user_password(reinterpret_cast<const char*>(decoded.data()), len);
    size_t colon = user_password.find(':');
    if (colon == std::string::npos) return Result::DENIED;
    std::unique_lock verify(m_verify, std::try_to_lock);
    if (!verify.owns_lock()) return Result::BUSY;
    bool ok = stats::verify_password(m_hash, std::string_view(user_password).substr(colon + 1));
    sodium_memzero(user_password.data(), user_password.size());
    if (!ok) return Result::DENIED;
    std::lock_guard lock(m_cache_mutex);
    if (m_verified.size() >= kMaxRemembered) m_verified.clear();
    m_verified[key] = now + kRemember;
    return Result::OK;
}

}  // namespace news::web
