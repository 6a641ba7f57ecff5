// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/testing/shared.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace stochos::testing {

std::filesystem::path shared_dir() {
  if (const char* env = std::getenv("STOCHOS_SHARED_DIR")) return env;
  return STOCHOS_DEFAULT_SHARED_DIR;
}

std::filesystem::path cli_path() {
  if (const char* env = std::getenv("STOCHOS_CLI")) return env;
  return STOCHOS_DEFAULT_CLI;
}

std::filesystem::path source_dir() {
  if (const char* env = std::getenv("STOCHOS_SOURCE_DIR")) return env;
  return STOCHOS_DEFAULT_SOURCE_DIR;
}

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "stochos-test-XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

CommandResult run_command(const std::string& command_line) {
  TempDir dir;
  const auto out_path = dir / "stdout";
  const auto err_path = dir / "stderr";
  const std::string full = command_line + " >" + shell_quote(out_path.string()) + " 2>" +
                           shell_quote(err_path.string()) + " </dev/null";
  const int status = std::system(full.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  auto slurp = [](const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  result.out = slurp(out_path);
  result.err = slurp(err_path);
  return result;
}

}  // namespace stochos::testing
