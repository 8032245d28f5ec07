-module(str_trim_case).
-export([test/0]).
%% String trimming and case mapping (unicode).
test() ->
    Ss = ["  abc  ", "\tx y\n", "", "ABC def", <<"  bin  ">>, "ÅÄÖ åäö", "ǅungla"],
    [{string:trim(S), string:trim(S, trailing), string:trim(S, both, " "), string:uppercase(S),
      string:lowercase(S), string:titlecase(S), string:casefold(S), string:length(S)} || S <- Ss].
