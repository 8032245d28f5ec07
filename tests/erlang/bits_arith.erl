-module(bits_arith).
-export([test/0]).
%% Bit-level construction and matching.
test() ->
    [bit_size(<<>>), << <<X:1>> || X <- [1, 0, 1, 1, 0, 0, 1, 0, 1] >>, <<(-5):7/signed>>, <<200:8/signed>>,
     begin <<S:7/signed>> = <<(-5):7>>, S end, begin <<_:3, R:5, T/bits>> = <<255, 1:2>>, {R, T} end,
     erlang:bit_size(<<1:17>>), is_bitstring(<<1:7>>), is_binary(<<1:7>>), <<<<1:1>>/bits, <<2:2>>/bits, <<3:5>>/bits>>,
     [X || <<X:1>> <= <<170>>], <<16#123456789:36>>, begin <<Y:36>> = <<16#123456789:36>>, Y end].
