// A container library included as a system header, as Boost.Container and
// other vendored libraries are: its growth throws std::length_error and
// std::bad_alloc from inline code, and its precondition check throws
// std::logic_error. Its documented failure, find_or_throw, throws its own
// exception class.
#pragma once
#include <new>
#include <stdexcept>

namespace lib {

struct not_found : std::exception {};

template <typename T> class bounded_list {
public:
  void push_back(const T &Value) {
    if (Size == Capacity)
      grow();
    Items[Size++] = Value;
  }
  const T &find_or_throw(const T &Value) const {
    for (unsigned I = 0; I < Size; ++I)
      if (Items[I] == Value)
        return Items[I];
    throw not_found();
  }

private:
  void grow() {
    if (Capacity > 1000000)
      throw std::length_error("bounded_list::grow");
    if (!Items && Capacity)
      throw std::logic_error("bounded_list: corrupt state");
    T *Larger = new (std::nothrow) T[Capacity * 2 + 1];
    if (!Larger)
      throw std::bad_alloc();
    for (unsigned I = 0; I < Size; ++I)
      Larger[I] = Items[I];
    delete[] Items;
    Items = Larger;
    Capacity = Capacity * 2 + 1;
  }
  T *Items = nullptr;
  unsigned Size = 0, Capacity = 0;
};

} // namespace lib
