-module(str_search).
-export([test/0]).
%% String searching and replacing.
test() ->
    [string:find("hello world", "o"), string:find("hello world", "o", trailing), string:find("abc", "x"),
     string:find(<<"abcabc">>, "ca"), string:prefix("prefix_rest", "prefix_"), string:prefix("abc", "x"),
     string:str("hello", "l"), string:rstr("hello", "l"), string:chr("abc", $c), string:rchr("abcabc", $b),
     string:replace("a.b.c", ".", "::"), string:replace("a.b.c", ".", "::", all), string:replace(<<"aaa">>, "a", "b", trailing),
     string:is_empty([[], <<>>]), string:equal("abc", <<"abc">>), string:equal("ABC", "abc", true)].
