#include "web/assets.hpp"

namespace news::web::assets {

bool find(std::string_view name, std::string_view& content, std::string_view& content_type) {
    struct Asset {
        std::string_view name, type;
        std::string_view (*content)();
    };
    static constexpr Asset kAssets[] = {
        {"site.css", "text/css; charset=utf-8", &site_css},
        {"suggest.js", "text/javascript; charset=utf-8", &suggest_js},
        {"search.js", "text/javascript; charset=utf-8", &search_js},
        {"klick.js", "text/javascript; charset=utf-8", &klick_js},
    };
    for (const Asset& a : kAssets) {
        if (a.name == name) {
            content = a.content();
            content_type = a.type;
            return true;
        }
    }
    return false;
}

}  // namespace news::web::assets
