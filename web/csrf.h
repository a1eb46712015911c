// Cross-site request forgery protection for the forms that change state.
//
// hoard serve has no login, so any page the user visits could make the
// browser POST to it. Each server process draws a secret token at start and
// puts it in its own forms; another site cannot read our pages (same-origin
// policy), so it cannot learn the token, and a POST without it is refused.
#pragma once

#include <string>
#include <string_view>

namespace hoard::web {

// 32 random bytes from the kernel, hex-encoded.
std::string NewCsrfToken();
// Constant-time comparison; an empty `given` never matches.
bool CsrfTokenMatches(std::string_view expected, std::string_view given);

}  // namespace hoard::web
