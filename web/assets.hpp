#pragma once
/// The page's static files, embedded in the binary at build time
/// (cmake/embed.cmake) so that the service reads no file to serve them.

#include <string_view>

namespace news::web::assets {

std::string_view site_css();
std::string_view suggest_js();
std::string_view search_js();
std::string_view klick_js();
std::string_view opensearch_xml();

/// An embedded file by its name below /static/ ("site.css"), with its
/// content type; false for any other name.
bool find(std::string_view name, std::string_view& content, std::string_view& content_type);

}  // namespace news::web::assets
