// Output stream buffers for certificates: one that deflates into a gzip member (zlib,
// RFC 1952) for `--out FILE.gz`, and one that counts the bytes passed through (the size the
// result states for `--out -`).
#pragma once

#include <cstdint>
#include <streambuf>
#include <vector>
#include <zlib.h>

namespace relucert {

// Compresses everything written to it into `sink` as one gzip member. finish() must be called
// to write the trailer; it throws OutputError on a zlib or write error (as does a write
// after a failure). Without finish() the output is a truncated gzip stream, which every
// reader rejects, so an abandoned file cannot pass for a complete one.
class GzipBuf : public std::streambuf {
public:
  explicit GzipBuf(std::streambuf* sink, int level = 6);
  ~GzipBuf() override;
  GzipBuf(const GzipBuf&) = delete;
  GzipBuf& operator=(const GzipBuf&) = delete;

  void finish();
  uint64_t uncompressed_bytes() const { return in_bytes_; }

protected:
  int_type overflow(int_type ch) override;
  int sync() override;

private:
  void deflate_buffer(int flush); // deflates [pbase, pptr) and writes the output to sink_
  std::streambuf* sink_;
  z_stream z_{};
  std::vector<char> in_, out_;
  uint64_t in_bytes_ = 0;
  bool finished_ = false;
};

// Passes everything through to `sink` and counts it.
class CountingBuf : public std::streambuf {
public:
  explicit CountingBuf(std::streambuf* sink) : sink_(sink) {}
  uint64_t bytes() const { return bytes_; }

protected:
  int_type overflow(int_type ch) override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;
  int sync() override { return sink_->pubsync(); }

private:
  std::streambuf* sink_;
  uint64_t bytes_ = 0;
};

} // namespace relucert
