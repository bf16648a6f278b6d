// Mail to customers. The demo prints the mail instead of sending it.
#pragma once

#include <string>

namespace shop {

// Sends an e-mail. Returns false if the mail server refused it. Once sent, it
// cannot be taken back.
bool send_email(const std::string &to, const std::string &subject,
                const std::string &body);

} // namespace shop
