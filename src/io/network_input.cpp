#include "io/network_input.hpp"

#include "io/input_error.hpp"
#include "io/text_input.hpp"
#include "solver/heuristics.hpp"

#include <memory>
#include <utility>
#include <vector>

namespace relucert {

namespace {

// A JSON value with the place where it starts, so that every message can name file:line:column
// (a general JSON library keeps no places for the values it has read).
struct Json {
  enum Type { Null, Bool, Number, String, Array, Object } type = Null;
  std::string text; // a string's contents, a number's token, "true"/"false"
  std::vector<Json> items;
  std::vector<std::pair<std::string, Json>> members;
  std::vector<std::pair<size_t, size_t>> key_at; // where each member's name starts
  size_t line = 0, col = 0;

  const Json* find(const std::string& key) const {
    for (const auto& m : members)
      if (m.first == key) return &m.second;
    return nullptr;
  }
};

const char* type_name(Json::Type t) {
  switch (t) {
  case Json::Null:
    return "null";
  case Json::Bool:
    return "a boolean";
  case Json::Number:
    return "a number";
  case Json::String:
    return "a string";
  case Json::Array:
    return "an array";
  case Json::Object:
    return "an object";
  }
  return "?";
}

// A strict reader of RFC 8259 JSON (nesting limited to 64 levels).
class JsonReader {
public:
  JsonReader(const std::string& bytes, const std::string& name) : s_(bytes), name_(name) {}

  Json document() {
    Json v = value(0);
    space();
    if (pos_ < s_.size()) fail("unexpected text after the JSON value");
    return v;
  }

private:
  [[noreturn]] void fail(const std::string& what) const {
    throw InputError(name_, line_, col_, what);
  }
  bool at_end() const { return pos_ >= s_.size(); }
  char peek() const { return at_end() ? '\0' : s_[pos_]; }
  void advance() {
    if (s_[pos_] == '\n') {
      ++line_;
      col_ = 1;
    } else {
      ++col_;
    }
    ++pos_;
  }
  void space() {
    while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r'))
      advance();
  }
  void expect(char c, const char* what) {
    space();
    if (peek() != c) fail(std::string("expected ") + what);
    advance();
  }

  Json value(int depth) {
    space();
    if (depth > 64) fail("JSON nested too deeply");
    Json v;
    v.line = line_;
    v.col = col_;
    if (at_end()) fail("unexpected end of file: expected a JSON value");
    const char c = peek();
    if (c == '{') {
      v.type = Json::Object;
      advance();
      space();
      if (peek() == '}') {
        advance();
        return v;
      }
      for (;;) {
        space();
        if (peek() != '"') fail("expected a member name in double quotes");
        v.key_at.push_back({line_, col_});
        std::string key = string_body();
        expect(':', "':' after a member name");
        v.members.emplace_back(std::move(key), value(depth + 1));
        space();
        if (at_end()) fail("unexpected end of file in an object: expected ',' or '}'");
        if (peek() == ',') {
          advance();
          continue;
        }
        if (peek() == '}') {
          advance();
          return v;
        }
        fail("expected ',' or '}' in an object");
      }
    }
    if (c == '[') {
      v.type = Json::Array;
      advance();
      space();
      if (peek() == ']') {
        advance();
        return v;
      }
      for (;;) {
        v.items.push_back(value(depth + 1));
        space();
        if (at_end()) fail("unexpected end of file in an array: expected ',' or ']'");
        if (peek() == ',') {
          advance();
          continue;
        }
        if (peek() == ']') {
          advance();
          return v;
        }
        fail("expected ',' or ']' in an array");
      }
    }
    if (c == '"') {
      v.type = Json::String;
      v.text = string_body();
      return v;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      v.type = Json::Number;
      v.text = number_token();
      return v;
    }
    for (const char* word : {"true", "false", "null"}) {
      if (s_.compare(pos_, std::char_traits<char>::length(word), word) == 0) {
        v.type = word[0] == 'n' ? Json::Null : Json::Bool;
        v.text = word;
        for (const char* p = word; *p; ++p)
          advance();
        return v;
      }
    }
    fail(std::string("expected a JSON value, found '") + printable(c) + "'");
  }

  static std::string printable(char c) {
    return c >= 0x20 && c < 0x7f ? std::string(1, c) : "\\x" + hex(static_cast<unsigned char>(c));
  }
  static std::string hex(unsigned v) {
    const char* digits = "0123456789abcdef";
    return std::string{digits[v >> 4], digits[v & 15]};
  }

  // At '"': the string's contents (escapes decoded; \u escapes kept only for ASCII).
  std::string string_body() {
    advance();
    std::string out;
    for (;;) {
      if (at_end()) fail("unterminated string");
      const char c = peek();
      if (c == '"') {
        advance();
        return out;
      }
      if (static_cast<unsigned char>(c) < 0x20) fail("control character in a string");
      if (c != '\\') {
        out += c;
        advance();
        continue;
      }
      advance();
      const char e = peek();
      const std::string simple = "\"\\/bfnrt", means = "\"\\/\b\f\n\r\t";
      const size_t at = simple.find(e);
      if (e != '\0' && at != std::string::npos) {
        out += means[at];
        advance();
      } else if (e == 'u') {
        advance();
        unsigned code = 0;
        for (int t = 0; t < 4; ++t) {
          const char h = peek();
          const std::string hexd = "0123456789abcdef";
          const size_t hv = hexd.find(static_cast<char>(h | 0x20));
          if (h == '\0' || hv == std::string::npos) fail("expected four hex digits after \\u");
          code = code * 16 + static_cast<unsigned>(hv);
          advance();
        }
        out += code < 0x80 ? static_cast<char>(code) : '?';
      } else {
        fail("invalid escape in a string");
      }
    }
  }

  // The JSON number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
  std::string number_token() {
    const size_t from = pos_;
    auto digits = [&] {
      if (!(peek() >= '0' && peek() <= '9')) fail("expected a digit in a number");
      while (peek() >= '0' && peek() <= '9')
        advance();
    };
    if (peek() == '-') advance();
    if (peek() == '0')
      advance();
    else
      digits();
    if (peek() == '.') {
      advance();
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      advance();
      if (peek() == '+' || peek() == '-') advance();
      digits();
    }
    return s_.substr(from, pos_ - from);
  }

  const std::string& s_;
  const std::string& name_;
  size_t pos_ = 0, line_ = 1, col_ = 1;
};

// Where a unit was read, for messages about it.
struct Place {
  size_t line = 0, col = 0;
};

Rational json_number(const Json& v, const std::string& name, const std::string& what) {
  if (v.type != Json::String && v.type != Json::Number)
    throw InputError(name, v.line, v.col,
                     what +
                         ": expected an exact number (a string such as \"3/4\" or a number), "
                         "found " +
                         type_name(v.type));
  std::optional<Rational> q = Rational::parse_instance_number(v.text);
  if (!q)
    throw InputError(name, v.line, v.col,
                     what + ": expected an exact number, found '" + v.text + "'");
  return *q;
}

Network json_network(const std::string& bytes, const std::string& name, size_t d,
                     std::vector<Place>& places) {
  const Json doc = JsonReader(bytes, name).document();
  const Json* arr = &doc;
  if (doc.type == Json::Object) {
    arr = doc.find("network");
    if (!arr)
      throw InputError(name, doc.line, doc.col,
                       "no \"network\" member (expected the output of relucert fit --json, or "
                       "its \"network\" array)");
  }
  if (arr->type != Json::Array)
    throw InputError(name, arr->line, arr->col,
                     std::string("the network: expected an array of units, found ") +
                         type_name(arr->type));
  Network net;
  for (size_t j = 0; j < arr->items.size(); ++j) {
    const Json& u = arr->items[j];
    const std::string unit = "unit " + std::to_string(j);
    if (u.type != Json::Object)
      throw InputError(name, u.line, u.col,
                       unit + ": expected an object {\"a\": .., \"w\": [..], \"b\": ..}, found " +
                           type_name(u.type));
    // a, w, b: the exact values read; a_approx, w_approx, b_approx (their decimals, written by
    // fit --json beside them) are ignored: the network is the exact one.
    for (size_t t = 0; t < u.members.size(); ++t)
      if (const std::string& key = u.members[t].first; key != "a" && key != "w" && key != "b" &&
                                                       key != "a_approx" && key != "w_approx" &&
                                                       key != "b_approx")
        throw InputError(name, u.key_at[t].first, u.key_at[t].second,
                         unit + ": unknown member \"" + key +
                             "\" (expected a, w, b, and optionally a_approx, w_approx, b_approx)");
    const Json* a = u.find("a");
    const Json* w = u.find("w");
    const Json* b = u.find("b");
    if (!a || !w)
      throw InputError(name, u.line, u.col,
                       unit + ": missing \"" + std::string(a ? "w" : "a") + "\"");
    Unit out;
    out.a = json_number(*a, name, unit + " a");
    if (w->type != Json::Array)
      throw InputError(name, w->line, w->col,
                       unit + " w: expected an array of numbers, found " + type_name(w->type));
    if (w->items.size() != d)
      throw InputError(name, w->line, w->col,
                       unit + " has " + std::to_string(w->items.size()) +
                           " weight(s), the instance has d = " + std::to_string(d) + " feature(s)");
    for (size_t t = 0; t < w->items.size(); ++t)
      out.w.push_back(json_number(w->items[t], name, unit + " w[" + std::to_string(t) + "]"));
    out.b = b ? json_number(*b, name, unit + " b") : Rational(0);
    net.push_back(std::move(out));
    places.push_back({u.line, u.col});
  }
  if (net.empty()) throw InputError(name, arr->line, arr->col, "the network has no units");
  places.push_back({arr->line, arr->col}); // the network as a whole
  return net;
}

Network unit_lines(const std::string& bytes, const std::string& name, const Model& model, size_t d,
                   std::vector<Place>& places) {
  Network net;
  const size_t want = 1 + d + (model.bias ? 1 : 0);
  size_t first_line = 0;
  for (const TextLine& l : split_lines(bytes, name)) {
    std::vector<Field> f = split_fields(l.text);
    if (f.empty() || f[0].text != "unit") continue;
    if (!first_line) first_line = l.number;
    const std::string unit = "unit " + std::to_string(net.size());
    if (f.size() - 1 != want) {
      std::string why;
      if (f.size() - 1 == want + 1 && !model.bias)
        why = ": one more, a bias b; the model has no bias (--bias)";
      else if (f.size() - 1 + 1 == want && model.bias)
        why = ": one fewer; the model has a bias (a network without one has b = 0 there)";
      // Too many: at the first extra number; too few: just after the last one.
      const size_t col =
          f.size() - 1 > want ? f[want + 1].col : f.back().col + f.back().text.size();
      throw InputError(name, l.number, col,
                       unit + " has " + std::to_string(f.size() - 1) +
                           " numbers, the model needs " + std::to_string(want) + " (a, d = " +
                           std::to_string(d) + " weights" + (model.bias ? ", b" : "") + ")" + why);
    }
    std::vector<Rational> q;
    for (size_t t = 1; t < f.size(); ++t) {
      std::optional<Rational> v = Rational::parse_instance_number(f[t].text);
      if (!v)
        throw InputError(name, l.number, f[t].col,
                         unit + ": expected an exact number, found '" + f[t].text + "'");
      q.push_back(*v);
    }
    Unit u;
    u.a = q[0];
    u.w.assign(q.begin() + 1, q.begin() + 1 + static_cast<long>(d));
    u.b = model.bias ? q[1 + d] : Rational(0);
    net.push_back(std::move(u));
    places.push_back({l.number, f[0].col});
  }
  if (net.empty())
    throw InputError(name, 1, 1,
                     "no network found: expected the JSON of relucert fit --json (or its "
                     "\"network\" array) or a certificate's `unit` lines");
  places.push_back({first_line, 1});
  return net;
}

} // namespace

Network parse_network(const std::string& bytes, const std::string& name, const Model& model,
                      size_t d) {
  size_t p = 0;
  while (p < bytes.size() &&
         (bytes[p] == ' ' || bytes[p] == '\t' || bytes[p] == '\n' || bytes[p] == '\r'))
    ++p;
  std::vector<Place> places; // per unit, then one for the network as a whole
  const bool json = p < bytes.size() && (bytes[p] == '{' || bytes[p] == '[');
  Network net =
      json ? json_network(bytes, name, d, places) : unit_lines(bytes, name, model, d, places);
  if (std::optional<ModelMismatch> m = model_mismatch(net, model, d)) {
    const Place& at = places[std::min(m->unit, places.size() - 1)];
    throw InputError(name, at.line, at.col, "not a network of the model: " + m->what);
  }
  return net;
}

Network read_network(const std::string& path, const Model& model, size_t d) {
  SourceText src = read_source(path);
  return parse_network(src.bytes, src.name, model, d);
}

} // namespace relucert
