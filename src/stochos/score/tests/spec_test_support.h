// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Shared by the score-file tests: the error a composition file's text gives.
#include <gtest/gtest.h>

#include <string>

#include "stochos/core/error.h"
#include "stochos/score/spec.h"

namespace stochos::score::test_support {

/// The Error that parsing `text` (as "piece.toml") throws; a test failure if it parses.
inline Error error_of(const std::string& text) {
  try {
    (void)parse_spec_text(text, "piece.toml");
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error for\n" << text;
  return Error::internal("none");
}

}  // namespace stochos::score::test_support
