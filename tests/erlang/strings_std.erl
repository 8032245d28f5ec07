-module(strings_std).
-export([test/0]).
%% String handling through OTP's string module.
test() ->
    S = "  Hello, World  ",
    [string:trim(S), string:trim(S, leading), string:to_upper("abc"), string:to_lower("ABC"),
     string:tokens("a,b,,c", ","), string:split("a-b-c", "-"), string:split("a-b-c", "-", all),
     string:join(["x", "y", "z"], ", "), string:length("hello"), string:reverse("abc"),
     string:find("hello world", "o w"), string:lexemes("a b  c", " "), string:slice("hello", 1, 3),
     string:equal("abc", "abc"), string:prefix("foobar", "foo"), string:replace("aXbXc", "X", "-", all),
     string:pad("7", 3, leading, $0), string:chr("hello", $l), string:str("hello", "ll"),
     string:substr("hello", 2, 3), string:copies("ab", 3), string:is_empty(""),
     string:concat("ab", "cd"), string:titlecase("hello"), string:casefold("ABC"),
     string:to_integer("42abc"), string:to_float("3.5x"), string:span("aaab", "a"),
     string:trim(<<"  bin  ">>), string:uppercase(<<"bin">>), string:next_grapheme("abc")].
