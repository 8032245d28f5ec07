-module(binary_module_more).
-export([test/0]).
%% More binary module functions.
test() ->
    B = <<"the cat sat on the mat">>,
    [binary:matches(B, [<<"at">>, <<"the">>]), binary:split(B, [<<" ">>, <<"a">>], [global, trim_all]),
     binary:replace(B, [<<"cat">>, <<"mat">>], <<"[]">>, [global, {insert_replaced, 1}]), binary:match(B, <<"on">>, [{scope, {0, 10}}]),
     binary:referenced_byte_size(binary:part(B, 0, 3)) >= 3, binary:split(<<",a,,b,">>, <<",">>, [global]),
     binary:split(<<",a,,b,">>, <<",">>, [global, trim]), binary:encode_hex(<<1, 171>>), binary:decode_hex(<<"01AB">>),
     binary:bin_to_list(<<"abc">>, {1, 2}), binary:compile_pattern(<<"x">>) =/= x].
