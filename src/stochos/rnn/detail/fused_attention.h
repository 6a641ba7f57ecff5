// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The training model's attention layer as one autograd node (fused_attention.cpp): Magenta's
// AttentionCellWrapper around the first layer's BasicLSTMCell (tf.contrib.rnn, the graph
// Magenta builds since May 2017), forward and backward through time written by hand. Run
// step by step through autograd, each step's attention over the last attn_length outputs
// costs dozens of small tensor operations and recomputes the attn_w features of every
// stored output; here each output's features are computed once, a step is a few BLAS calls
// plus plain loops, and the weight gradients are large products over all steps.
#include <torch/torch.h>

namespace stochos::rnn::detail {

/// The wrapper's variables in TensorFlow's layout (kernels [inputs, outputs]).
struct AttentionParams {
  torch::Tensor projection_kernel, projection_bias;  ///< [in + S, in]: Linear([x; attns])
  torch::Tensor lstm_kernel, lstm_bias;              ///< [in + S, 4 S], gates i, j, f, o
  torch::Tensor query_kernel, query_bias;            ///< [2 S, S]: Linear([c; h])
  torch::Tensor attn_w;                              ///< [S, S] (the checkpoint's [1, 1, S, S])
  torch::Tensor attn_v;                              ///< [S]
  torch::Tensor output_kernel, output_bias;          ///< [2 S, S]: Linear([h; attns])
};

/// Buffers reused from one training step to the next while nothing else holds them.
struct AttentionScratch {
  torch::Tensor xa, inh, acts, cells, tanh_cells, ch, ha, outputs, features, alphas, tanhs;  // forward
  torch::Tensor d_outputs, d_features, d_o, d_y, d_gates, d_in, d_xa;                       // backward
};

/// The wrapped layer's outputs [B, T, S] for inputs x [B, T, in], attention over the last
/// `attn_length` outputs (zero before the first).
torch::Tensor fused_attention_layer(const torch::Tensor& x, const AttentionParams& params, int attn_length,
                                    AttentionScratch* scratch);

}  // namespace stochos::rnn::detail
