-module(stdlib_string_old).
-export([test/0]).
%% Obsolete string functions still in OTP 25.
test() ->
    [string:len("abc"), string:concat("a", "b"), string:span("abc12", "abc"), string:cspan("abc12", "12"),
     string:substr("hello", 2), string:tokens("a;b;;c", ";"), string:join(["a", "b"], "-"), string:to_upper($a),
     string:to_lower("MiXeD"), string:strip("  x  "), string:strip("xxyxx", left, $x), string:left("abcdef", 3),
     string:right("abc", 5), string:centre("x", 4, $-), string:rstr("abab", "ab"), string:words("a-b-c", $-),
     string:sub_word("a-b-c", 3, $-), string:copies("xy", 0)].
