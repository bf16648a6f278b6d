// Found only through the -Iinclude of b.cpp's compile command.
#pragma once
constexpr const char B_BEGIN_SQL[] = "BEGIN IMMEDIATE";
