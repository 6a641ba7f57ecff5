// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The LibTorch training model (only rnn/*.cpp include this). Parameters are kept in
// TensorFlow's layout under Magenta's variable names, so checkpoints map one to one and
// Adam's slots carry over from TensorFlow runs; the plain LSTM layers run as one fused
// autograd node each at every batch size (torch_model.cpp, FusedLstmLayer), the attention
// layer as one more (fused_attention.cpp).
#include <torch/torch.h>

#include <map>
#include <string>
#include <vector>

#include "stochos/rnn/detail/fused_attention.h"
#include "stochos/rnn/melody_rnn_weights.h"

namespace stochos::rnn::detail {

/// Buffers a FusedLstmLayer reuses from one training step to the next while no autograd
/// graph or caller still holds them, so that a steady-state step allocates nothing large
/// (torch_model.cpp, reuse_buffer).
struct LstmScratch {
  torch::Tensor acts, cells, tanh_cells, hs;    // forward, saved for backward
  torch::Tensor d_gates, d_kernel, d_bias, w_h_t;  // backward
};

/// A tensor of `sizes` in `slot`'s memory when nothing else still holds that memory, else a
/// fresh one; `slot` only grows (torch_model.cpp).
torch::Tensor reuse_buffer(torch::Tensor& slot, at::IntArrayRef sizes);

class TorchMelodyRnn {
 public:
  explicit TorchMelodyRnn(const MelodyRnnWeights& weights);

  /// Logits [batch, time, classes] for inputs [batch, time, input_size]. With a generator,
  /// applies Magenta's output dropout (keep probability `keep`) after every layer.
  torch::Tensor forward(const torch::Tensor& inputs, double keep = 1.0, at::Generator* dropout = nullptr);

  /// Data-parallel training: the batch given to forward() is rows [first_row, first_row +
  /// batch) of a global batch of `global_batch` rows, padded to its length. Dropout masks are
  /// then drawn for the whole global batch and cut to these rows, so the ranks together
  /// apply exactly the single-process masks. global_batch 0: the batch is the whole batch.
  void set_dropout_rows(std::int64_t global_batch, std::int64_t first_row) {
    dropout_global_batch_ = global_batch;
    dropout_first_row_ = first_row;
  }

  /// Parameters by Magenta variable name, in name order. Each is a view into
  /// flat_parameters() and its grad() a view into flat_gradients(), at the same offset:
  /// the optimizer, clipping and the data-parallel sum each make one pass over flat memory.
  std::map<std::string, torch::Tensor>& parameters() { return params_; }
  struct Slot {
    std::string name;
    std::int64_t offset = 0, numel = 0;
  };
  const std::vector<Slot>& slots() const { return slots_; }
  torch::Tensor& flat_parameters() { return flat_params_; }
  torch::Tensor& flat_gradients() { return flat_grads_; }
  /// Zeroes the gradients (backward accumulates into them in place).
  void zero_grad();
  MelodyRnnWeights weights() const;

  /// Tests: run the plain LSTM layers with ATen's at::lstm instead of FusedLstmLayer, an
  /// independent implementation to check FusedLstmLayer's gradients against.
  void use_aten_lstm(bool on) { aten_lstm_ = on; }
  /// Tests: run the attention layer step by step through autograd instead of
  /// fused_attention_layer, the reference for its gradients.
  void use_stepwise_attention(bool on) { stepwise_attention_ = on; }

 private:
  torch::Tensor lstm_layer(const torch::Tensor& x, std::size_t layer, int units);
  torch::Tensor attention_layers(const torch::Tensor& x, double keep, at::Generator* dropout);
  torch::Tensor& p(const std::string& name);

  MelodyRnnWeights shape_;  // sizes and layout; the values live in params_
  torch::Tensor flat_params_, flat_grads_;
  std::vector<Slot> slots_;  // name order, as params_
  std::map<std::string, torch::Tensor> params_;
  std::vector<LstmScratch> scratch_;  // one per layer
  AttentionScratch attention_scratch_;
  bool aten_lstm_ = false;
  bool stepwise_attention_ = false;
  std::int64_t dropout_global_batch_ = 0;
  std::int64_t dropout_first_row_ = 0;
};

}  // namespace stochos::rnn::detail
