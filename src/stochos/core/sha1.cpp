// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/core/sha1.h"

#include <openssl/evp.h>

#include "stochos/core/error.h"

namespace stochos::core {

std::string sha1_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha1(), nullptr) != 1) {
    throw Error::internal("OpenSSL SHA-1 failed");
  }
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 15]);
  }
  return out;
}

}  // namespace stochos::core
