#include "schema/shard.hpp"

#include <algorithm>

namespace news::schema {

std::uint64_t fnv1a64(std::string_view bytes) {
    std::uint64_t h = 14695981039346656037ULL;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}

unsigned shard_of(std::string_view article_id, unsigned shards) {
    if (shards <= 1) return 0;
    return static_cast<unsigned>(fnv1a64(article_id) % shards);
}

std::string shard_dir_name(unsigned index, unsigned shards) {
    size_t width = std::max<size_t>(2, std::to_string(shards > 0 ? shards - 1 : 0).size());
    std::string digits = std::to_string(index);
    if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
    return "shard-" + digits;
}

}  // namespace news::schema
