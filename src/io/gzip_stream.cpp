#include "io/gzip_stream.hpp"

#include "io/atomic_file.hpp"

#include <string>

namespace relucert {

namespace {
constexpr size_t CHUNK = 1 << 16;
}

GzipBuf::GzipBuf(std::streambuf* sink, int level) : sink_(sink), in_(CHUNK), out_(CHUNK) {
  // windowBits 15 + 16: a gzip header and trailer rather than a zlib one (zlib.h).
  if (deflateInit2(&z_, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw OutputError("zlib: cannot initialise the compressor");
  setp(in_.data(), in_.data() + in_.size());
}

GzipBuf::~GzipBuf() {
  deflateEnd(&z_);
}

void GzipBuf::deflate_buffer(int flush) {
  if (finished_) throw OutputError("write after the end of the gzip stream");
  const size_t n = static_cast<size_t>(pptr() - pbase());
  in_bytes_ += n;
  z_.next_in = reinterpret_cast<Bytef*>(pbase());
  z_.avail_in = static_cast<uInt>(n);
  int rc = Z_OK;
  do {
    z_.next_out = reinterpret_cast<Bytef*>(out_.data());
    z_.avail_out = static_cast<uInt>(out_.size());
    rc = deflate(&z_, flush);
    if (rc == Z_STREAM_ERROR) throw OutputError("zlib: compression failed");
    const std::streamsize have = static_cast<std::streamsize>(out_.size() - z_.avail_out);
    if (have > 0 && sink_->sputn(out_.data(), have) != have)
      throw OutputError("write error (compressed output)");
  } while (z_.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
  setp(in_.data(), in_.data() + in_.size());
}

GzipBuf::int_type GzipBuf::overflow(int_type ch) {
  deflate_buffer(Z_NO_FLUSH);
  if (!traits_type::eq_int_type(ch, traits_type::eof())) {
    *pptr() = traits_type::to_char_type(ch);
    pbump(1);
  }
  return traits_type::not_eof(ch);
}

// The stream's flush() compresses what is buffered but does not end a deflate block
// (Z_NO_FLUSH): a flush per line would cost ratio; the bytes reach the sink at finish().
int GzipBuf::sync() {
  if (finished_) return 0;
  deflate_buffer(Z_NO_FLUSH);
  return 0;
}

void GzipBuf::finish() {
  if (finished_) return;
  deflate_buffer(Z_FINISH);
  finished_ = true;
  if (sink_->pubsync() != 0) throw OutputError("write error (compressed output)");
}

CountingBuf::int_type CountingBuf::overflow(int_type ch) {
  if (traits_type::eq_int_type(ch, traits_type::eof())) return traits_type::not_eof(ch);
  if (traits_type::eq_int_type(sink_->sputc(traits_type::to_char_type(ch)), traits_type::eof()))
    return traits_type::eof();
  ++bytes_;
  return ch;
}

std::streamsize CountingBuf::xsputn(const char* s, std::streamsize n) {
  const std::streamsize w = sink_->sputn(s, n);
  bytes_ += static_cast<uint64_t>(w > 0 ? w : 0);
  return w;
}

} // namespace relucert
