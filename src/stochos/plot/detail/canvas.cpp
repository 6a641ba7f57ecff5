// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/plot/detail/canvas.h"

#include <cairo.h>

#include <cstring>
#include <string>
#include <vector>

#include "stochos/core/file_io.h"
#include "stochos/plot/png.h"

#include "stochos/core/error.h"

namespace stochos::plot::detail {
namespace {

cairo_status_t append_png(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

struct Canvas::Impl {
  cairo_surface_t* surface = nullptr;
  cairo_t* cr = nullptr;

  void set(const Rgba& c) { cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a); }
  void font(double size_px) {
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size_px);
  }
};

Canvas::Canvas(int width_px, int height_px) : impl_(std::make_unique<Impl>()), width_px_(width_px), height_px_(height_px) {
  if (width_px < 16 || height_px < 16 || width_px > 16384 || height_px > 16384) {
    throw Error::usage("plot size " + std::to_string(width_px) + "x" + std::to_string(height_px) +
                       " pixels is outside 16..16384");
  }
  impl_->surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width_px, height_px);
  impl_->cr = cairo_create(impl_->surface);
  if (cairo_status(impl_->cr) != CAIRO_STATUS_SUCCESS) {
    const std::string why = cairo_status_to_string(cairo_status(impl_->cr));
    cairo_destroy(impl_->cr);
    cairo_surface_destroy(impl_->surface);
    throw Error::internal("cairo could not create a " + std::to_string(width_px) + "x" + std::to_string(height_px) +
                          " image: " + why);
  }
  fill_rect(0, 0, width_px, height_px, {1, 1, 1, 1});
}

Canvas::~Canvas() {
  cairo_destroy(impl_->cr);
  cairo_surface_destroy(impl_->surface);
}

void Canvas::fill_rect(double x, double y, double w, double h, const Rgba& color) {
  impl_->set(color);
  cairo_rectangle(impl_->cr, x, y, w, h);
  cairo_fill(impl_->cr);
}

void Canvas::stroke_rect(double x, double y, double w, double h, double line_px, const Rgba& color) {
  impl_->set(color);
  cairo_set_line_width(impl_->cr, line_px);
  cairo_rectangle(impl_->cr, x, y, w, h);
  cairo_stroke(impl_->cr);
}

void Canvas::line(double x0, double y0, double x1, double y1, double line_px, const Rgba& color) {
  impl_->set(color);
  cairo_set_line_width(impl_->cr, line_px);
  cairo_move_to(impl_->cr, x0, y0);
  cairo_line_to(impl_->cr, x1, y1);
  cairo_stroke(impl_->cr);
}

void Canvas::arc(double cx, double cy, double radius, double angle0, double angle1, double line_px,
                 const Rgba& color) {
  impl_->set(color);
  cairo_set_line_width(impl_->cr, line_px);
  cairo_set_line_cap(impl_->cr, CAIRO_LINE_CAP_ROUND);
  cairo_new_sub_path(impl_->cr);
  cairo_arc(impl_->cr, cx, cy, radius, angle0, angle1);
  cairo_stroke(impl_->cr);
  cairo_set_line_cap(impl_->cr, CAIRO_LINE_CAP_BUTT);
}

void Canvas::fill_circle(double cx, double cy, double radius, const Rgba& color) {
  impl_->set(color);
  cairo_new_sub_path(impl_->cr);
  cairo_arc(impl_->cr, cx, cy, radius, 0.0, 2.0 * 3.14159265358979323846);
  cairo_fill(impl_->cr);
}

void Canvas::diamond(double cx, double cy, double r, const Rgba& fill, const Rgba& outline) {
  cairo_move_to(impl_->cr, cx, cy - r);
  cairo_line_to(impl_->cr, cx + r, cy);
  cairo_line_to(impl_->cr, cx, cy + r);
  cairo_line_to(impl_->cr, cx - r, cy);
  cairo_close_path(impl_->cr);
  impl_->set(fill);
  cairo_fill_preserve(impl_->cr);
  impl_->set(outline);
  cairo_set_line_width(impl_->cr, 1.0);
  cairo_stroke(impl_->cr);
}

double Canvas::text_width(std::string_view utf8, double size_px) {
  impl_->font(size_px);
  const std::string s(utf8);
  cairo_text_extents_t extents;
  cairo_text_extents(impl_->cr, s.c_str(), &extents);
  return extents.x_advance;
}

void Canvas::text(double x, double y, std::string_view utf8, double size_px, const Rgba& color, TextAlign align) {
  const double w = align == TextAlign::kLeft ? 0.0 : text_width(utf8, size_px);
  impl_->font(size_px);
  impl_->set(color);
  const std::string s(utf8);
  cairo_move_to(impl_->cr, align == TextAlign::kCenter ? x - w / 2 : align == TextAlign::kRight ? x - w : x, y);
  cairo_show_text(impl_->cr, s.c_str());
}

void Canvas::vertical_text(double x, double y, std::string_view utf8, double size_px, const Rgba& color) {
  const double w = text_width(utf8, size_px);
  cairo_save(impl_->cr);
  cairo_translate(impl_->cr, x, y);
  cairo_rotate(impl_->cr, -1.5707963267948966);
  text(-w / 2, 0, utf8, size_px, color);
  cairo_restore(impl_->cr);
}

std::string Canvas::png() const {
  cairo_surface_flush(impl_->surface);
  std::string out;
  const cairo_status_t status = cairo_surface_write_to_png_stream(impl_->surface, append_png, &out);
  if (status != CAIRO_STATUS_SUCCESS) {
    throw Error::internal(std::string("cairo could not encode the PNG: ") + cairo_status_to_string(status));
  }
  return out;
}

}  // namespace stochos::plot::detail

namespace stochos::plot {

DecodedPng decode_png_file(const std::filesystem::path& path) {
  const std::vector<std::uint8_t> bytes = core::read_file(path, std::uint64_t{1} << 30);
  struct Reader {
    const std::vector<std::uint8_t>* bytes;
    std::size_t at = 0;
  } reader{&bytes};
  auto read = [](void* closure, unsigned char* data, unsigned int length) -> cairo_status_t {
    auto* r = static_cast<Reader*>(closure);
    if (r->bytes->size() - r->at < length) return CAIRO_STATUS_READ_ERROR;
    std::memcpy(data, r->bytes->data() + r->at, length);
    r->at += length;
    return CAIRO_STATUS_SUCCESS;
  };
  cairo_surface_t* surface = cairo_image_surface_create_from_png_stream(read, &reader);
  const cairo_status_t status = cairo_surface_status(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surface);
    throw Error::input(path.string(), {}, std::string("not a valid PNG: ") + cairo_status_to_string(status));
  }
  cairo_surface_flush(surface);
  DecodedPng out;
  out.width = cairo_image_surface_get_width(surface);
  out.height = cairo_image_surface_get_height(surface);
  const unsigned char* data = cairo_image_surface_get_data(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  std::uint32_t first = 0;
  std::memcpy(&first, data, sizeof first);
  for (int y = 0; y < out.height && !out.has_ink; ++y) {
    for (int x = 0; x < out.width; ++x) {
      std::uint32_t pixel = 0;
      std::memcpy(&pixel, data + static_cast<std::ptrdiff_t>(y) * stride + x * 4, sizeof pixel);
      if (pixel != first) {
        out.has_ink = true;
        break;
      }
    }
  }
  cairo_surface_destroy(surface);
  return out;
}

}  // namespace stochos::plot
