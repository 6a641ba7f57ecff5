// SPDX-License-Identifier: GPL-3.0-or-later
// Magenta's `--hparams` syntax (tf.contrib.training.HParams.parse), for MelodyRnnHparams.
#include <cctype>
#include <charconv>
#include <cmath>
#include <sstream>

#include "stochos/core/error.h"
#include "stochos/melody/melody_rnn_config.h"

namespace stochos::melody {
namespace {

constexpr const char* kKnownNames =
    "batch_size, rnn_layer_sizes, dropout_keep_prob, attn_length, clip_norm, learning_rate, "
    "residual_connections, use_cudnn";

// Every bound in one sentence, for the error that refuses one of them.
const std::string& limits_text() {
  static const std::string text =
      "limits: batch_size 1.." + std::to_string(kMaxHparamsBatchSize) + ", rnn_layer_sizes 1 to " +
      std::to_string(kMaxHparamsLayers) + " layers of 1.." + std::to_string(kMaxHparamsLayerSize) +
      " units, attn_length 0.." + std::to_string(kMaxHparamsAttnLength) +
      ", dropout_keep_prob in (0, 1], clip_norm in [0, 1e6] (0: no clipping), learning_rate in (0, 10]";
  return text;
}

[[noreturn]] void fail(std::string_view text, std::size_t column, const std::string& problem) {
  throw Error::usage("--hparams \"" + std::string(text) + "\", column " + std::to_string(column + 1) + ": " +
                     problem);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  void apply(MelodyRnnHparams& h) {
    while (true) {
      skip_spaces();
      if (pos_ >= text_.size()) return;
      const std::size_t name_start = pos_;
      while (pos_ < text_.size() && text_[pos_] != '=' && text_[pos_] != ',') ++pos_;
      const std::string name(trim(text_.substr(name_start, pos_ - name_start)));
      if (pos_ >= text_.size() || text_[pos_] != '=') fail(text_, name_start, "expected name=value");
      ++pos_;
      skip_spaces();
      const std::size_t value_start = pos_;
      std::string_view value;
      if (pos_ < text_.size() && text_[pos_] == '[') {
        const std::size_t close = text_.find(']', pos_);
        if (close == std::string_view::npos) fail(text_, pos_, "unclosed '['");
        value = text_.substr(pos_, close + 1 - pos_);
        pos_ = close + 1;
      } else {
        while (pos_ < text_.size() && text_[pos_] != ',') ++pos_;
        value = trim(text_.substr(value_start, pos_ - value_start));
      }
      set(h, name, value, name_start, value_start);
      skip_spaces();
      if (pos_ < text_.size()) {
        if (text_[pos_] != ',') fail(text_, pos_, "expected ',' between hyperparameters");
        ++pos_;
      }
    }
  }

 private:
  void skip_spaces() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }

  long parse_int(std::string_view v, std::size_t at, const std::string& name) const {
    long out = 0;
    v = trim(v);
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (ec == std::errc::result_out_of_range) {
      fail(text_, at, name + "=" + std::string(v) + " is out of range (" + limits_text() + ")");
    }
    if (ec != std::errc() || end != v.data() + v.size()) fail(text_, at, name + " needs an integer, got \"" + std::string(v) + "\"");
    return out;
  }

  double parse_double(std::string_view v, std::size_t at, const std::string& name) const {
    v = trim(v);
    std::string s(v);
    std::istringstream in(s);
    in.imbue(std::locale::classic());
    double out = 0;
    in >> out;
    if (s.empty() || in.fail() || !in.eof()) fail(text_, at, name + " needs a number, got \"" + s + "\"");
    return out;
  }

  bool parse_bool(std::string_view v, std::size_t at, const std::string& name) const {
    v = trim(v);
    if (v == "true" || v == "True" || v == "1") return true;
    if (v == "false" || v == "False" || v == "0") return false;
    fail(text_, at, name + " needs true or false, got \"" + std::string(v) + "\"");
  }

  void set(MelodyRnnHparams& h, const std::string& name, std::string_view value, std::size_t name_at,
           std::size_t at) const {
    // An integer in [low, high]; the message names the hparam, the value and every limit.
    auto bounded = [&](long v, long low, long high, std::size_t where) {
      if (v < low || v > high) {
        fail(text_, where, name + "=" + std::to_string(v) + " is out of range (" + limits_text() + ")");
      }
      return static_cast<int>(v);
    };
    auto bounded_real = [&](double v, bool ok) {
      if (!std::isfinite(v) || !ok) {
        fail(text_, at, name + "=" + std::string(trim(value)) + " is out of range (" + limits_text() + ")");
      }
      return v;
    };
    if (name == "batch_size") {
      h.batch_size = bounded(parse_int(value, at, name), 1, kMaxHparamsBatchSize, at);
    } else if (name == "attn_length") {
      h.attn_length = bounded(parse_int(value, at, name), 0, kMaxHparamsAttnLength, at);
    } else if (name == "rnn_layer_sizes") {
      if (value.size() < 2 || value.front() != '[') fail(text_, at, "rnn_layer_sizes needs a list like [128,128]");
      std::vector<int> sizes;
      std::string_view inner = value.substr(1, value.size() - 2);
      std::size_t start = 0;
      while (start <= inner.size()) {
        std::size_t comma = inner.find(',', start);
        if (comma == std::string_view::npos) comma = inner.size();
        std::string_view item = trim(inner.substr(start, comma - start));
        const std::size_t item_at = at + 1 + start;
        if (!item.empty()) {
          if (sizes.size() == static_cast<std::size_t>(kMaxHparamsLayers)) {
            fail(text_, item_at,
                 "rnn_layer_sizes has more than " + std::to_string(kMaxHparamsLayers) + " layers (" +
                     limits_text() + ")");
          }
          sizes.push_back(bounded(parse_int(item, item_at, name), 1, kMaxHparamsLayerSize, item_at));
        }
        start = comma + 1;
      }
      if (sizes.empty()) fail(text_, at, "rnn_layer_sizes needs at least one layer");
      h.rnn_layer_sizes = sizes;
    } else if (name == "dropout_keep_prob") {
      const double v = parse_double(value, at, name);
      h.dropout_keep_prob = bounded_real(v, v > 0 && v <= 1);
    } else if (name == "clip_norm") {
      const double v = parse_double(value, at, name);
      h.clip_norm = bounded_real(v, v >= 0 && v <= kMaxHparamsClipNorm);
    } else if (name == "learning_rate") {
      const double v = parse_double(value, at, name);
      h.learning_rate = bounded_real(v, v > 0 && v <= kMaxHparamsLearningRate);
    } else if (name == "residual_connections") {
      h.residual_connections = parse_bool(value, at, name);
    } else if (name == "use_cudnn") {
      parse_bool(value, at, name);  // Magenta logs "no longer supported" and ignores it.
    } else {
      fail(text_, name_at, "unknown hyperparameter \"" + name + "\" (known: " + kKnownNames + ")");
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

std::string number(double v) {
  std::ostringstream out;
  out.imbue(std::locale::classic());
  out.precision(17);
  out << v;
  return out.str();
}

}  // namespace

void apply_hparams(MelodyRnnHparams& hparams, std::string_view text) {
  MelodyRnnHparams updated = hparams;
  Parser(text).apply(updated);
  hparams = updated;
}

std::string hparams_to_string(const MelodyRnnHparams& h) {
  std::string sizes;
  for (int s : h.rnn_layer_sizes) sizes += (sizes.empty() ? "" : ",") + std::to_string(s);
  return "batch_size=" + std::to_string(h.batch_size) + ",rnn_layer_sizes=[" + sizes +
         "],dropout_keep_prob=" + number(h.dropout_keep_prob) + ",attn_length=" + std::to_string(h.attn_length) +
         ",clip_norm=" + number(h.clip_norm) + ",learning_rate=" + number(h.learning_rate) +
         ",residual_connections=" + (h.residual_connections ? "true" : "false");
}

}  // namespace stochos::melody
