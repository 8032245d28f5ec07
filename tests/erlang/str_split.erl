-module(str_split).
-export([test/0]).
%% String splitting and lexemes.
test() ->
    [string:split("a,b,c", ","), string:split("a,b,c", ",", trailing), string:split("a,b,c", ",", all),
     string:split(<<"k=v=w">>, "="), string:lexemes("  a  b c ", " "), string:lexemes("a\r\nb", [[$\r, $\n]]),
     string:tokens("foo bar  baz", " "), string:split("", ","), string:split("abc", ""), string:nth_lexeme("a b c", 2, " "),
     string:take("abc123", "abc"), string:take("abc123", "0123456789", true), string:take("abc", "c", true, trailing)].
