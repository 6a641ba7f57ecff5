// SPDX-License-Identifier: GPL-3.0-or-later
// AttentionCellWrapper(BasicLSTMCell) over a whole sequence as one autograd node, with
// backpropagation through time written by hand (see detail/fused_attention.h for why).
// Hand-written because neither LibTorch nor any Debian library has this cell: ATen's fused
// RNNs cover plain LSTM/GRU only. The step, as tf.contrib.rnn.AttentionCellWrapper computes
// it (S = the cell's units = attn_size, L = attn_length, states = the last L outputs, zero
// before the first):
//   in_t  = [x_t; a_{t-1}] P + p                       input projection
//   c_t, h_t = LSTM(in_t, c_{t-1}, h_{t-1})
//   y_t   = [c_t; h_t] Q + q                           query from the new state
//   s_l   = sum_j v_j tanh(F_l,j + y_t,j),  F_l = state_l W   (W = attn_w)
//   a_t   = sum_l softmax(s)_l state_l
//   o_t   = [h_t; a_t] O + o                           the wrapper's output, the next state
// Layouts: step-major [T, B, ...] for what the weight gradients multiply, and per sequence
// [B, L + T, S] for the outputs and their features, whose first L rows are the zero states,
// so that the states a step attends to are L consecutive rows.
#include "stochos/rnn/detail/fused_attention.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "stochos/core/error.h"
#include "stochos/rnn/detail/inference_kernels.h"
#include "stochos/rnn/detail/lstm_cell.h"
#include "stochos/rnn/detail/torch_model.h"

namespace stochos::rnn::detail {
namespace {

// Rows [B, n] of a [T, B, n] buffer at step t (contiguous).
torch::Tensor step_rows(const torch::Tensor& t_b_n, std::int64_t t) { return t_b_n.select(0, t); }

// Copies rows of `n` floats: dst[b * dst_stride] = src[b * src_stride], b < batch.
void copy_rows(float* dst, std::int64_t dst_stride, const float* src, std::int64_t src_stride, std::int64_t batch,
               std::int64_t n) {
  for (std::int64_t b = 0; b < batch; ++b) std::copy(src + b * src_stride, src + b * src_stride + n, dst + b * dst_stride);
}

class FusedAttentionLayer : public torch::autograd::Function<FusedAttentionLayer> {
 public:
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x,
                               const torch::Tensor& proj_k, const torch::Tensor& proj_b, const torch::Tensor& lstm_k,
                               const torch::Tensor& lstm_b, const torch::Tensor& query_k, const torch::Tensor& query_b,
                               const torch::Tensor& attn_w, const torch::Tensor& attn_v, const torch::Tensor& out_k,
                               const torch::Tensor& out_b, std::int64_t length, AttentionScratch* scratch,
                               bool backward_buffers) {
    const std::int64_t batch = x.size(0), steps = x.size(1), in = x.size(2);
    const std::int64_t s = out_k.size(1), width = 4 * s, rows = length + steps;
    for (const torch::Tensor* w : {&proj_k, &proj_b, &lstm_k, &lstm_b, &query_k, &query_b, &attn_v, &out_k, &out_b}) {
      if (!w->is_contiguous()) throw Error::internal("FusedAttentionLayer needs contiguous weights");
    }
    const torch::Tensor w = attn_w.contiguous();
    torch::Tensor xa = reuse_buffer(scratch->xa, {steps, batch, in + s});   // [x_t; a_{t-1}]
    torch::Tensor inh = reuse_buffer(scratch->inh, {steps, batch, in + s});  // [in_t; h_{t-1}]
    torch::Tensor acts = reuse_buffer(scratch->acts, {steps, batch, width});
    torch::Tensor cells = reuse_buffer(scratch->cells, {steps, batch, s});
    torch::Tensor tanh_cells = reuse_buffer(scratch->tanh_cells, {steps, batch, s});
    torch::Tensor ch = reuse_buffer(scratch->ch, {steps, batch, 2 * s});  // [c_t; h_t]
    torch::Tensor ha = reuse_buffer(scratch->ha, {steps, batch, 2 * s});  // [h_t; a_t]
    torch::Tensor outputs = reuse_buffer(scratch->outputs, {batch, rows, s});
    torch::Tensor features = reuse_buffer(scratch->features, {batch, rows, s});
    torch::Tensor alphas = reuse_buffer(scratch->alphas, {steps, batch, length});
    torch::Tensor tanhs = reuse_buffer(scratch->tanhs, {steps, batch, length, s});
    xa.narrow(2, 0, in).copy_(x.transpose(0, 1));
    xa.select(0, 0).narrow(1, in, s).zero_();
    outputs.narrow(1, 0, length).zero_();
    features.narrow(1, 0, length).zero_();
    torch::Tensor projected = torch::empty({batch, in}), y = torch::empty({batch, s}), o = torch::empty({batch, s}),
                  f = torch::empty({batch, s});
    const float* v = attn_v.data_ptr<float>();
    float* const op = outputs.data_ptr<float>();
    float* const fp = features.data_ptr<float>();
    std::vector<float> scores(static_cast<std::size_t>(length));
    for (std::int64_t t = 0; t < steps; ++t) {
      torch::addmm_out(projected, proj_b, step_rows(xa, t), proj_k);
      float* const inh_t = step_rows(inh, t).data_ptr<float>();
      float* const ch_t = step_rows(ch, t).data_ptr<float>();
      float* const ha_t = step_rows(ha, t).data_ptr<float>();
      copy_rows(inh_t, in + s, projected.data_ptr<float>(), in, batch, in);
      if (t == 0) {
        step_rows(inh, 0).narrow(1, in, s).zero_();
      } else {
        copy_rows(inh_t + in, in + s, step_rows(ch, t - 1).data_ptr<float>() + s, 2 * s, batch, s);
      }
      torch::Tensor gates = step_rows(acts, t);
      torch::addmm_out(gates, lstm_b, step_rows(inh, t), lstm_k);
      float* const cp = cells.data_ptr<float>();
      float* const tcp = tanh_cells.data_ptr<float>();
      for (std::int64_t b = 0; b < batch; ++b) {
        const std::int64_t n = (t * batch + b) * s;
        float* h = ch_t + b * 2 * s + s;
        lstm_cell_forward(gates.data_ptr<float>() + b * width, t == 0 ? nullptr : cp + n - batch * s, cp + n, tcp + n,
                          h, s);
        std::copy(cp + n, cp + n + s, ch_t + b * 2 * s);
        std::copy(h, h + s, ha_t + b * 2 * s);
      }
      torch::addmm_out(y, query_b, step_rows(ch, t), query_k);
      const float* yp = y.data_ptr<float>();
      for (std::int64_t b = 0; b < batch; ++b) {
        const float* feat = fp + (b * rows + t) * s;  // the L states this step attends to
        const float* state = op + (b * rows + t) * s;
        float* u = tanhs.data_ptr<float>() + (t * batch + b) * length * s;
        for (std::int64_t l = 0; l < length; ++l) {
          for (std::int64_t j = 0; j < s; ++j) u[l * s + j] = feat[l * s + j] + yp[b * s + j];
        }
        activate_tanh({u, static_cast<std::size_t>(length * s)});
        float max = -INFINITY;
        for (std::int64_t l = 0; l < length; ++l) {
          float score = 0;
          for (std::int64_t j = 0; j < s; ++j) score += v[j] * u[l * s + j];
          scores[static_cast<std::size_t>(l)] = score;
          max = std::max(max, score);
        }
        float total = 0;
        for (float& score : scores) total += (score = std::exp(score - max));
        float* alpha = alphas.data_ptr<float>() + (t * batch + b) * length;
        float* a = ha_t + b * 2 * s + s;
        std::fill(a, a + s, 0.0f);
        for (std::int64_t l = 0; l < length; ++l) {
          alpha[l] = scores[static_cast<std::size_t>(l)] / total;
          for (std::int64_t j = 0; j < s; ++j) a[j] += alpha[l] * state[l * s + j];
        }
        if (t + 1 < steps) std::copy(a, a + s, step_rows(xa, t + 1).data_ptr<float>() + b * (in + s) + in);
      }
      torch::addmm_out(o, out_b, step_rows(ha, t), out_k);
      torch::mm_out(f, o, w);
      copy_rows(op + (length + t) * s, rows * s, o.data_ptr<float>(), s, batch, s);
      copy_rows(fp + (length + t) * s, rows * s, f.data_ptr<float>(), s, batch, s);
    }
    ctx->save_for_backward({proj_k, lstm_k, query_k, w, attn_v, out_k, xa, inh, acts, cells, tanh_cells, ch, ha,
                            outputs, alphas, tanhs});
    ctx->saved_data["length"] = length;
    if (backward_buffers) {
      ctx->saved_data["d_outputs"] = reuse_buffer(scratch->d_outputs, {batch, rows, s});
      ctx->saved_data["d_features"] = reuse_buffer(scratch->d_features, {batch, rows, s});
      ctx->saved_data["d_o"] = reuse_buffer(scratch->d_o, {steps, batch, s});
      ctx->saved_data["d_y"] = reuse_buffer(scratch->d_y, {steps, batch, s});
      ctx->saved_data["d_gates"] = reuse_buffer(scratch->d_gates, {steps, batch, width});
      ctx->saved_data["d_in"] = reuse_buffer(scratch->d_in, {steps, batch, in});
      ctx->saved_data["d_xa"] = reuse_buffer(scratch->d_xa, {steps, batch, in + s});
    }
    return outputs.narrow(1, length, steps);
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grad_outputs) {
    const auto saved = ctx->get_saved_variables();
    const torch::Tensor &proj_k = saved[0], &lstm_k = saved[1], &query_k = saved[2], &w = saved[3],
                        &attn_v = saved[4], &out_k = saved[5], &xa = saved[6], &inh = saved[7], &acts = saved[8],
                        &cells = saved[9], &tanh_cells = saved[10], &ch = saved[11], &ha = saved[12],
                        &outputs = saved[13], &alphas = saved[14], &tanhs = saved[15];
    const std::int64_t length = ctx->saved_data["length"].toInt();
    const std::int64_t steps = xa.size(0), batch = xa.size(1), s = out_k.size(1), in = xa.size(2) - s;
    const std::int64_t width = 4 * s, rows = length + steps;

    auto buffer = [&](const char* name, at::IntArrayRef sizes) {
      auto it = ctx->saved_data.find(name);
      return it != ctx->saved_data.end() ? it->second.toTensor() : torch::empty(sizes);
    };
    // Gradients of the outputs and their features, per sequence like the forward's.
    torch::Tensor d_outputs = buffer("d_outputs", {batch, rows, s}).zero_();
    torch::Tensor d_features = buffer("d_features", {batch, rows, s}).zero_();
    d_outputs.narrow(1, length, steps).copy_(grad_outputs[0]);
    torch::Tensor d_o = buffer("d_o", {steps, batch, s});                // complete d o_t
    torch::Tensor d_y = buffer("d_y", {steps, batch, s});                // d y_t
    torch::Tensor d_gates = buffer("d_gates", {steps, batch, width});
    torch::Tensor d_in = buffer("d_in", {steps, batch, in});             // d in_t
    torch::Tensor d_xa = buffer("d_xa", {steps, batch, in + s});         // d [x_t; a_{t-1}]
    torch::Tensor d_f = torch::empty({batch, s}), d_ha = torch::empty({batch, 2 * s}),
                  d_ch = torch::empty({batch, 2 * s}), d_inh = torch::empty({batch, in + s});
    std::vector<float> d_v(static_cast<std::size_t>(s), 0.0f), dh(static_cast<std::size_t>(s));
    std::vector<float> dc(static_cast<std::size_t>(batch * s), 0.0f);  // carried to c_{t-1}
    std::vector<float> d_alpha(static_cast<std::size_t>(length));
    const float* v = attn_v.data_ptr<float>();
    const float* op = outputs.data_ptr<float>();
    float* const dop = d_outputs.data_ptr<float>();
    float* const dfp = d_features.data_ptr<float>();
    const float* cp = cells.data_ptr<float>();
    const float* tcp = tanh_cells.data_ptr<float>();
    for (std::int64_t t = steps - 1; t >= 0; --t) {
      // d o_t: from the loss, from the steps that attended to o_t, and through its features.
      copy_rows(d_f.data_ptr<float>(), s, dfp + length * s + t * s, rows * s, batch, s);
      torch::Tensor d_o_t = step_rows(d_o, t);
      torch::mm_out(d_o_t, d_f, w.t());
      float* const dot = d_o_t.data_ptr<float>();
      for (std::int64_t b = 0; b < batch; ++b) {
        const float* from_states = dop + (b * rows + length + t) * s;
        for (std::int64_t j = 0; j < s; ++j) dot[b * s + j] += from_states[j];
      }
      // o_t = [h_t; a_t] O + o; the a_t half also gets the next step's input projection's
      // gradient, left in d_xa[t + 1].
      torch::mm_out(d_ha, d_o_t, out_k.t());
      float* const dhap = d_ha.data_ptr<float>();
      if (t + 1 < steps) {
        const float* next = step_rows(d_xa, t + 1).data_ptr<float>();
        for (std::int64_t b = 0; b < batch; ++b) {
          for (std::int64_t j = 0; j < s; ++j) dhap[b * 2 * s + s + j] += next[b * (in + s) + in + j];
        }
      }
      // The attention: a_t = sum_l alpha_l state_l, alpha = softmax(s), s_l = v . u_l.
      torch::Tensor d_y_t = step_rows(d_y, t);
      float* const dyt = d_y_t.data_ptr<float>();
      std::fill(dyt, dyt + batch * s, 0.0f);
      for (std::int64_t b = 0; b < batch; ++b) {
        const float* da = dhap + b * 2 * s + s;
        const float* alpha = alphas.data_ptr<float>() + (t * batch + b) * length;
        const float* u = tanhs.data_ptr<float>() + (t * batch + b) * length * s;
        const float* state = op + (b * rows + t) * s;
        float* d_state = dop + (b * rows + t) * s;
        float* d_feat = dfp + (b * rows + t) * s;
        float weighted = 0;
        for (std::int64_t l = 0; l < length; ++l) {
          float dot_l = 0;
          for (std::int64_t j = 0; j < s; ++j) dot_l += da[j] * state[l * s + j];
          d_alpha[static_cast<std::size_t>(l)] = dot_l;
          weighted += alpha[l] * dot_l;
          for (std::int64_t j = 0; j < s; ++j) d_state[l * s + j] += alpha[l] * da[j];
        }
        float* dyb = dyt + b * s;
        for (std::int64_t l = 0; l < length; ++l) {
          const float d_score = alpha[l] * (d_alpha[static_cast<std::size_t>(l)] - weighted);
          const float* ul = u + l * s;
          float* dfl = d_feat + l * s;
          for (std::int64_t j = 0; j < s; ++j) {
            const float g = d_score * v[j] * (1 - ul[j] * ul[j]);
            dfl[j] += g;
            dyb[j] += g;
            d_v[static_cast<std::size_t>(j)] += d_score * ul[j];
          }
        }
      }
      // y_t = [c_t; h_t] Q + q, then the cell.
      torch::mm_out(d_ch, d_y_t, query_k.t());
      const float* dchp = d_ch.data_ptr<float>();
      const float* dnext = t + 1 < steps ? d_inh.data_ptr<float>() : nullptr;  // d h_t from step t + 1's gates
      torch::Tensor d_gates_t = step_rows(d_gates, t);
      for (std::int64_t b = 0; b < batch; ++b) {
        for (std::int64_t k = 0; k < s; ++k) {
          float g = dhap[b * 2 * s + k] + dchp[b * 2 * s + s + k];
          if (dnext != nullptr) g += dnext[b * (in + s) + in + k];
          dh[static_cast<std::size_t>(k)] = g;
          dc[static_cast<std::size_t>(b * s + k)] += dchp[b * 2 * s + k];
        }
        const std::int64_t n = (t * batch + b) * s;
        lstm_cell_backward(acts.data_ptr<float>() + (t * batch + b) * width, t > 0 ? cp + n - batch * s : nullptr,
                           tcp + n, dh.data(), dc.data() + b * s, d_gates_t.data_ptr<float>() + b * width, s);
      }
      // [in_t; h_{t-1}] and [x_t; a_{t-1}].
      torch::mm_out(d_inh, d_gates_t, lstm_k.t());
      torch::Tensor d_in_t = step_rows(d_in, t);
      copy_rows(d_in_t.data_ptr<float>(), in, d_inh.data_ptr<float>(), in + s, batch, in);
      torch::Tensor d_xa_t = step_rows(d_xa, t);
      torch::mm_out(d_xa_t, d_in_t, proj_k.t());
    }
    auto flat = [](const torch::Tensor& t) { return t.reshape({-1, t.size(-1)}); };
    torch::Tensor d_proj_k = torch::mm(flat(xa).t(), flat(d_in));
    torch::Tensor d_lstm_k = torch::mm(flat(inh).t(), flat(d_gates));
    torch::Tensor d_query_k = torch::mm(flat(ch).t(), flat(d_y));
    torch::Tensor d_out_k = torch::mm(flat(ha).t(), flat(d_o));
    // The zero states' rows of `outputs` are zero: they add nothing to attn_w's gradient.
    torch::Tensor d_w = torch::mm(flat(outputs).t(), flat(d_features));
    torch::Tensor d_x = d_xa.narrow(2, 0, in).transpose(0, 1);
    return {d_x,
            d_proj_k,
            flat(d_in).sum(0),
            d_lstm_k,
            flat(d_gates).sum(0),
            d_query_k,
            flat(d_y).sum(0),
            d_w,
            torch::from_blob(d_v.data(), {s}).clone(),
            d_out_k,
            flat(d_o).sum(0),
            torch::Tensor(),
            torch::Tensor(),
            torch::Tensor()};
  }
};

}  // namespace

torch::Tensor fused_attention_layer(const torch::Tensor& x, const AttentionParams& p, int attn_length,
                                    AttentionScratch* scratch) {
  return FusedAttentionLayer::apply(x, p.projection_kernel, p.projection_bias, p.lstm_kernel, p.lstm_bias,
                                    p.query_kernel, p.query_bias, p.attn_w, p.attn_v, p.output_kernel, p.output_bias,
                                    static_cast<std::int64_t>(attn_length), scratch,
                                    torch::GradMode::is_enabled() && p.lstm_kernel.requires_grad());
}

}  // namespace stochos::rnn::detail
