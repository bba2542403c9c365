source_filename = "seqc-ptx"
target datalayout = "e-i64:64-i128:128-v16:16-v32:32-n16:32:64"
target triple = "nvptx64-nvidia-cuda"

define ptx_kernel void @seqc_ptx_selscan_16_1_true_true(i64 %i0, i64 %i1, i64 %i2, i64 %i3, i64 %i4, i64 %i5, i64 %i6, float addrspace(1)* nocapture %p0, float addrspace(1)* nocapture %p1, float addrspace(1)* nocapture %p2, float addrspace(1)* nocapture %p3, float addrspace(1)* nocapture %p4, float addrspace(1)* nocapture %p5, float addrspace(1)* nocapture %p6, float addrspace(1)* nocapture %p7, float addrspace(1)* nocapture %p8, float addrspace(1)* nocapture %p9, float addrspace(1)* nocapture %p10) nounwind {
entry:
	%0 = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()
	%1 = zext i32 %0 to i64
	%2 = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.y()
	%3 = zext i32 %2 to i64
	%4 = call i32 @llvm.nvvm.read.ptx.sreg.nctaid.x()
	%5 = zext i32 %4 to i64
	%6 = call i32 @llvm.nvvm.read.ptx.sreg.nctaid.y()
	%7 = zext i32 %6 to i64
	%8 = icmp ne i64 %i6, 0
	%9 = sdiv i64 %3, %i4
	%10 = srem i64 %3, %i4
	%11 = mul i64 %10, %i5
	%12 = add i64 %11, %i5
	%13 = icmp slt i64 %i0, %12
	%14 = select i1 %13, i64 %i0, i64 %12
	%15 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%16 = zext i32 %15 to i64
	%17 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%18 = zext i32 %17 to i64
	%19 = mul i64 %18, 128
	%20 = add i64 %19, %16
	%21 = mul i64 %1, 128
	%22 = add i64 %21, %20
	%23 = icmp slt i64 %22, %i1
	br i1 %23, label %if.1, label %if.join.2

if.1:
	%24 = sdiv i64 %i1, 1
	%25 = sdiv i64 %22, %24
	%26 = mul i64 %25, 16
	%27 = mul i64 %22, 16
	%28 = add i64 %27, 0
	%29 = getelementptr float, float addrspace(1)* %p2, i64 %28
	%30 = load float, float addrspace(1)* %29, align 4
	%31 = mul i64 %22, 16
	%32 = add i64 %31, 1
	%33 = getelementptr float, float addrspace(1)* %p2, i64 %32
	%34 = load float, float addrspace(1)* %33, align 4
	%35 = mul i64 %22, 16
	%36 = add i64 %35, 2
	%37 = getelementptr float, float addrspace(1)* %p2, i64 %36
	%38 = load float, float addrspace(1)* %37, align 4
	%39 = mul i64 %22, 16
	%40 = add i64 %39, 3
	%41 = getelementptr float, float addrspace(1)* %p2, i64 %40
	%42 = load float, float addrspace(1)* %41, align 4
	%43 = mul i64 %22, 16
	%44 = add i64 %43, 4
	%45 = getelementptr float, float addrspace(1)* %p2, i64 %44
	%46 = load float, float addrspace(1)* %45, align 4
	%47 = mul i64 %22, 16
	%48 = add i64 %47, 5
	%49 = getelementptr float, float addrspace(1)* %p2, i64 %48
	%50 = load float, float addrspace(1)* %49, align 4
	%51 = mul i64 %22, 16
	%52 = add i64 %51, 6
	%53 = getelementptr float, float addrspace(1)* %p2, i64 %52
	%54 = load float, float addrspace(1)* %53, align 4
	%55 = mul i64 %22, 16
	%56 = add i64 %55, 7
	%57 = getelementptr float, float addrspace(1)* %p2, i64 %56
	%58 = load float, float addrspace(1)* %57, align 4
	%59 = mul i64 %22, 16
	%60 = add i64 %59, 8
	%61 = getelementptr float, float addrspace(1)* %p2, i64 %60
	%62 = load float, float addrspace(1)* %61, align 4
	%63 = mul i64 %22, 16
	%64 = add i64 %63, 9
	%65 = getelementptr float, float addrspace(1)* %p2, i64 %64
	%66 = load float, float addrspace(1)* %65, align 4
	%67 = mul i64 %22, 16
	%68 = add i64 %67, 10
	%69 = getelementptr float, float addrspace(1)* %p2, i64 %68
	%70 = load float, float addrspace(1)* %69, align 4
	%71 = mul i64 %22, 16
	%72 = add i64 %71, 11
	%73 = getelementptr float, float addrspace(1)* %p2, i64 %72
	%74 = load float, float addrspace(1)* %73, align 4
	%75 = mul i64 %22, 16
	%76 = add i64 %75, 12
	%77 = getelementptr float, float addrspace(1)* %p2, i64 %76
	%78 = load float, float addrspace(1)* %77, align 4
	%79 = mul i64 %22, 16
	%80 = add i64 %79, 13
	%81 = getelementptr float, float addrspace(1)* %p2, i64 %80
	%82 = load float, float addrspace(1)* %81, align 4
	%83 = mul i64 %22, 16
	%84 = add i64 %83, 14
	%85 = getelementptr float, float addrspace(1)* %p2, i64 %84
	%86 = load float, float addrspace(1)* %85, align 4
	%87 = mul i64 %22, 16
	%88 = add i64 %87, 15
	%89 = getelementptr float, float addrspace(1)* %p2, i64 %88
	%90 = load float, float addrspace(1)* %89, align 4
	%91 = mul i64 %3, %i1
	%92 = add i64 %91, %22
	%93 = mul i64 %92, 16
	%94 = icmp ne i64 %i2, 0
	br i1 %94, label %ifv.3, label %ifv.join.4

if.join.2:
	ret void

ifv.3:
	%95 = add i64 %93, 0
	%96 = getelementptr float, float addrspace(1)* %p8, i64 %95
	%97 = load float, float addrspace(1)* %96, align 4
	br label %ifv.join.4

ifv.join.4:
	%98 = phi float [ 0.0, %if.1 ], [ %97, %ifv.3 ]
	br i1 %94, label %ifv.5, label %ifv.join.6

ifv.5:
	%99 = add i64 %93, 1
	%100 = getelementptr float, float addrspace(1)* %p8, i64 %99
	%101 = load float, float addrspace(1)* %100, align 4
	br label %ifv.join.6

ifv.join.6:
	%102 = phi float [ 0.0, %ifv.join.4 ], [ %101, %ifv.5 ]
	br i1 %94, label %ifv.7, label %ifv.join.8

ifv.7:
	%103 = add i64 %93, 2
	%104 = getelementptr float, float addrspace(1)* %p8, i64 %103
	%105 = load float, float addrspace(1)* %104, align 4
	br label %ifv.join.8

ifv.join.8:
	%106 = phi float [ 0.0, %ifv.join.6 ], [ %105, %ifv.7 ]
	br i1 %94, label %ifv.9, label %ifv.join.10

ifv.9:
	%107 = add i64 %93, 3
	%108 = getelementptr float, float addrspace(1)* %p8, i64 %107
	%109 = load float, float addrspace(1)* %108, align 4
	br label %ifv.join.10

ifv.join.10:
	%110 = phi float [ 0.0, %ifv.join.8 ], [ %109, %ifv.9 ]
	br i1 %94, label %ifv.11, label %ifv.join.12

ifv.11:
	%111 = add i64 %93, 4
	%112 = getelementptr float, float addrspace(1)* %p8, i64 %111
	%113 = load float, float addrspace(1)* %112, align 4
	br label %ifv.join.12

ifv.join.12:
	%114 = phi float [ 0.0, %ifv.join.10 ], [ %113, %ifv.11 ]
	br i1 %94, label %ifv.13, label %ifv.join.14

ifv.13:
	%115 = add i64 %93, 5
	%116 = getelementptr float, float addrspace(1)* %p8, i64 %115
	%117 = load float, float addrspace(1)* %116, align 4
	br label %ifv.join.14

ifv.join.14:
	%118 = phi float [ 0.0, %ifv.join.12 ], [ %117, %ifv.13 ]
	br i1 %94, label %ifv.15, label %ifv.join.16

ifv.15:
	%119 = add i64 %93, 6
	%120 = getelementptr float, float addrspace(1)* %p8, i64 %119
	%121 = load float, float addrspace(1)* %120, align 4
	br label %ifv.join.16

ifv.join.16:
	%122 = phi float [ 0.0, %ifv.join.14 ], [ %121, %ifv.15 ]
	br i1 %94, label %ifv.17, label %ifv.join.18

ifv.17:
	%123 = add i64 %93, 7
	%124 = getelementptr float, float addrspace(1)* %p8, i64 %123
	%125 = load float, float addrspace(1)* %124, align 4
	br label %ifv.join.18

ifv.join.18:
	%126 = phi float [ 0.0, %ifv.join.16 ], [ %125, %ifv.17 ]
	br i1 %94, label %ifv.19, label %ifv.join.20

ifv.19:
	%127 = add i64 %93, 8
	%128 = getelementptr float, float addrspace(1)* %p8, i64 %127
	%129 = load float, float addrspace(1)* %128, align 4
	br label %ifv.join.20

ifv.join.20:
	%130 = phi float [ 0.0, %ifv.join.18 ], [ %129, %ifv.19 ]
	br i1 %94, label %ifv.21, label %ifv.join.22

ifv.21:
	%131 = add i64 %93, 9
	%132 = getelementptr float, float addrspace(1)* %p8, i64 %131
	%133 = load float, float addrspace(1)* %132, align 4
	br label %ifv.join.22

ifv.join.22:
	%134 = phi float [ 0.0, %ifv.join.20 ], [ %133, %ifv.21 ]
	br i1 %94, label %ifv.23, label %ifv.join.24

ifv.23:
	%135 = add i64 %93, 10
	%136 = getelementptr float, float addrspace(1)* %p8, i64 %135
	%137 = load float, float addrspace(1)* %136, align 4
	br label %ifv.join.24

ifv.join.24:
	%138 = phi float [ 0.0, %ifv.join.22 ], [ %137, %ifv.23 ]
	br i1 %94, label %ifv.25, label %ifv.join.26

ifv.25:
	%139 = add i64 %93, 11
	%140 = getelementptr float, float addrspace(1)* %p8, i64 %139
	%141 = load float, float addrspace(1)* %140, align 4
	br label %ifv.join.26

ifv.join.26:
	%142 = phi float [ 0.0, %ifv.join.24 ], [ %141, %ifv.25 ]
	br i1 %94, label %ifv.27, label %ifv.join.28

ifv.27:
	%143 = add i64 %93, 12
	%144 = getelementptr float, float addrspace(1)* %p8, i64 %143
	%145 = load float, float addrspace(1)* %144, align 4
	br label %ifv.join.28

ifv.join.28:
	%146 = phi float [ 0.0, %ifv.join.26 ], [ %145, %ifv.27 ]
	br i1 %94, label %ifv.29, label %ifv.join.30

ifv.29:
	%147 = add i64 %93, 13
	%148 = getelementptr float, float addrspace(1)* %p8, i64 %147
	%149 = load float, float addrspace(1)* %148, align 4
	br label %ifv.join.30

ifv.join.30:
	%150 = phi float [ 0.0, %ifv.join.28 ], [ %149, %ifv.29 ]
	br i1 %94, label %ifv.31, label %ifv.join.32

ifv.31:
	%151 = add i64 %93, 14
	%152 = getelementptr float, float addrspace(1)* %p8, i64 %151
	%153 = load float, float addrspace(1)* %152, align 4
	br label %ifv.join.32

ifv.join.32:
	%154 = phi float [ 0.0, %ifv.join.30 ], [ %153, %ifv.31 ]
	br i1 %94, label %ifv.33, label %ifv.join.34

ifv.33:
	%155 = add i64 %93, 15
	%156 = getelementptr float, float addrspace(1)* %p8, i64 %155
	%157 = load float, float addrspace(1)* %156, align 4
	br label %ifv.join.34

ifv.join.34:
	%158 = phi float [ 0.0, %ifv.join.32 ], [ %157, %ifv.33 ]
	%159 = icmp slt i64 %11, %14
	br i1 %159, label %loop.35, label %loop.exit.36

loop.35:
	%160 = phi i64 [ %11, %ifv.join.34 ], [ %942, %if.join.38 ]
	%161 = phi float [ %98, %ifv.join.34 ], [ %237, %if.join.38 ]
	%162 = phi float [ %102, %ifv.join.34 ], [ %273, %if.join.38 ]
	%163 = phi float [ %106, %ifv.join.34 ], [ %309, %if.join.38 ]
	%164 = phi float [ %110, %ifv.join.34 ], [ %345, %if.join.38 ]
	%165 = phi float [ %114, %ifv.join.34 ], [ %381, %if.join.38 ]
	%166 = phi float [ %118, %ifv.join.34 ], [ %417, %if.join.38 ]
	%167 = phi float [ %122, %ifv.join.34 ], [ %453, %if.join.38 ]
	%168 = phi float [ %126, %ifv.join.34 ], [ %489, %if.join.38 ]
	%169 = phi float [ %130, %ifv.join.34 ], [ %525, %if.join.38 ]
	%170 = phi float [ %134, %ifv.join.34 ], [ %561, %if.join.38 ]
	%171 = phi float [ %138, %ifv.join.34 ], [ %597, %if.join.38 ]
	%172 = phi float [ %142, %ifv.join.34 ], [ %633, %if.join.38 ]
	%173 = phi float [ %146, %ifv.join.34 ], [ %669, %if.join.38 ]
	%174 = phi float [ %150, %ifv.join.34 ], [ %705, %if.join.38 ]
	%175 = phi float [ %154, %ifv.join.34 ], [ %741, %if.join.38 ]
	%176 = phi float [ %158, %ifv.join.34 ], [ %777, %if.join.38 ]
	%177 = phi float [ 1.0, %ifv.join.34 ], [ %239, %if.join.38 ]
	%178 = phi float [ 1.0, %ifv.join.34 ], [ %275, %if.join.38 ]
	%179 = phi float [ 1.0, %ifv.join.34 ], [ %311, %if.join.38 ]
	%180 = phi float [ 1.0, %ifv.join.34 ], [ %347, %if.join.38 ]
	%181 = phi float [ 1.0, %ifv.join.34 ], [ %383, %if.join.38 ]
	%182 = phi float [ 1.0, %ifv.join.34 ], [ %419, %if.join.38 ]
	%183 = phi float [ 1.0, %ifv.join.34 ], [ %455, %if.join.38 ]
	%184 = phi float [ 1.0, %ifv.join.34 ], [ %491, %if.join.38 ]
	%185 = phi float [ 1.0, %ifv.join.34 ], [ %527, %if.join.38 ]
	%186 = phi float [ 1.0, %ifv.join.34 ], [ %563, %if.join.38 ]
	%187 = phi float [ 1.0, %ifv.join.34 ], [ %599, %if.join.38 ]
	%188 = phi float [ 1.0, %ifv.join.34 ], [ %635, %if.join.38 ]
	%189 = phi float [ 1.0, %ifv.join.34 ], [ %671, %if.join.38 ]
	%190 = phi float [ 1.0, %ifv.join.34 ], [ %707, %if.join.38 ]
	%191 = phi float [ 1.0, %ifv.join.34 ], [ %743, %if.join.38 ]
	%192 = phi float [ 1.0, %ifv.join.34 ], [ %779, %if.join.38 ]
	%193 = mul i64 %9, %i0
	%194 = add i64 %193, %160
	%195 = mul i64 %194, %i1
	%196 = add i64 %195, %22
	%197 = getelementptr float, float addrspace(1)* %p1, i64 %196
	%198 = load float, float addrspace(1)* %197, align 4
	%199 = getelementptr float, float addrspace(1)* %p0, i64 %196
	%200 = load float, float addrspace(1)* %199, align 4
	%201 = fmul float %198, %200
	%202 = mul i64 %194, 16
	%203 = add i64 %202, %26
	%204 = fmul float %198, %30
	%205 = fcmp olt float %204, -115.0
	%206 = select i1 %205, float -115.0, float %204
	%207 = fcmp ogt float %206, 89.0
	%208 = select i1 %207, float 89.0, float %206
	%209 = call float @llvm.fmuladd.f32(float %208, float 0x3FF7154760000000, float 1.2582912e+07)
	%210 = fsub float %209, 1.2582912e+07
	%211 = call float @llvm.fmuladd.f32(float %210, float 0xBFE62E4000000000, float %208)
	%212 = call float @llvm.fmuladd.f32(float %210, float 0xBEB7F7D1C0000000, float %211)
	%213 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %212, float 0x3F81239E00000000)
	%214 = call float @llvm.fmuladd.f32(float %213, float %212, float 0x3FA5558F20000000)
	%215 = call float @llvm.fmuladd.f32(float %214, float %212, float 0x3FC5554920000000)
	%216 = call float @llvm.fmuladd.f32(float %215, float %212, float 0x3FDFFFFFC0000000)
	%217 = fmul float %212, %212
	%218 = call float @llvm.fmuladd.f32(float %216, float %217, float %212)
	%219 = fadd float %218, 1.0
	%220 = bitcast float %209 to i32
	%221 = sub i32 %220, u0x4B400000
	%222 = ashr i32 %221, 1
	%223 = sub i32 %221, %222
	%224 = add i32 %222, 127
	%225 = shl i32 %224, 23
	%226 = bitcast i32 %225 to float
	%227 = add i32 %223, 127
	%228 = shl i32 %227, 23
	%229 = bitcast i32 %228 to float
	%230 = fmul float %219, %226
	%231 = fmul float %230, %229
	%232 = fmul float %231, %161
	%233 = add i64 %203, 0
	%234 = getelementptr float, float addrspace(1)* %p3, i64 %233
	%235 = load float, float addrspace(1)* %234, align 4
	%236 = fmul float %201, %235
	%237 = fadd float %232, %236
	%238 = fmul float %231, %177
	%239 = select i1 %8, float %238, float %177
	%240 = fmul float %198, %34
	%241 = fcmp olt float %240, -115.0
	%242 = select i1 %241, float -115.0, float %240
	%243 = fcmp ogt float %242, 89.0
	%244 = select i1 %243, float 89.0, float %242
	%245 = call float @llvm.fmuladd.f32(float %244, float 0x3FF7154760000000, float 1.2582912e+07)
	%246 = fsub float %245, 1.2582912e+07
	%247 = call float @llvm.fmuladd.f32(float %246, float 0xBFE62E4000000000, float %244)
	%248 = call float @llvm.fmuladd.f32(float %246, float 0xBEB7F7D1C0000000, float %247)
	%249 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %248, float 0x3F81239E00000000)
	%250 = call float @llvm.fmuladd.f32(float %249, float %248, float 0x3FA5558F20000000)
	%251 = call float @llvm.fmuladd.f32(float %250, float %248, float 0x3FC5554920000000)
	%252 = call float @llvm.fmuladd.f32(float %251, float %248, float 0x3FDFFFFFC0000000)
	%253 = fmul float %248, %248
	%254 = call float @llvm.fmuladd.f32(float %252, float %253, float %248)
	%255 = fadd float %254, 1.0
	%256 = bitcast float %245 to i32
	%257 = sub i32 %256, u0x4B400000
	%258 = ashr i32 %257, 1
	%259 = sub i32 %257, %258
	%260 = add i32 %258, 127
	%261 = shl i32 %260, 23
	%262 = bitcast i32 %261 to float
	%263 = add i32 %259, 127
	%264 = shl i32 %263, 23
	%265 = bitcast i32 %264 to float
	%266 = fmul float %255, %262
	%267 = fmul float %266, %265
	%268 = fmul float %267, %162
	%269 = add i64 %203, 1
	%270 = getelementptr float, float addrspace(1)* %p3, i64 %269
	%271 = load float, float addrspace(1)* %270, align 4
	%272 = fmul float %201, %271
	%273 = fadd float %268, %272
	%274 = fmul float %267, %178
	%275 = select i1 %8, float %274, float %178
	%276 = fmul float %198, %38
	%277 = fcmp olt float %276, -115.0
	%278 = select i1 %277, float -115.0, float %276
	%279 = fcmp ogt float %278, 89.0
	%280 = select i1 %279, float 89.0, float %278
	%281 = call float @llvm.fmuladd.f32(float %280, float 0x3FF7154760000000, float 1.2582912e+07)
	%282 = fsub float %281, 1.2582912e+07
	%283 = call float @llvm.fmuladd.f32(float %282, float 0xBFE62E4000000000, float %280)
	%284 = call float @llvm.fmuladd.f32(float %282, float 0xBEB7F7D1C0000000, float %283)
	%285 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %284, float 0x3F81239E00000000)
	%286 = call float @llvm.fmuladd.f32(float %285, float %284, float 0x3FA5558F20000000)
	%287 = call float @llvm.fmuladd.f32(float %286, float %284, float 0x3FC5554920000000)
	%288 = call float @llvm.fmuladd.f32(float %287, float %284, float 0x3FDFFFFFC0000000)
	%289 = fmul float %284, %284
	%290 = call float @llvm.fmuladd.f32(float %288, float %289, float %284)
	%291 = fadd float %290, 1.0
	%292 = bitcast float %281 to i32
	%293 = sub i32 %292, u0x4B400000
	%294 = ashr i32 %293, 1
	%295 = sub i32 %293, %294
	%296 = add i32 %294, 127
	%297 = shl i32 %296, 23
	%298 = bitcast i32 %297 to float
	%299 = add i32 %295, 127
	%300 = shl i32 %299, 23
	%301 = bitcast i32 %300 to float
	%302 = fmul float %291, %298
	%303 = fmul float %302, %301
	%304 = fmul float %303, %163
	%305 = add i64 %203, 2
	%306 = getelementptr float, float addrspace(1)* %p3, i64 %305
	%307 = load float, float addrspace(1)* %306, align 4
	%308 = fmul float %201, %307
	%309 = fadd float %304, %308
	%310 = fmul float %303, %179
	%311 = select i1 %8, float %310, float %179
	%312 = fmul float %198, %42
	%313 = fcmp olt float %312, -115.0
	%314 = select i1 %313, float -115.0, float %312
	%315 = fcmp ogt float %314, 89.0
	%316 = select i1 %315, float 89.0, float %314
	%317 = call float @llvm.fmuladd.f32(float %316, float 0x3FF7154760000000, float 1.2582912e+07)
	%318 = fsub float %317, 1.2582912e+07
	%319 = call float @llvm.fmuladd.f32(float %318, float 0xBFE62E4000000000, float %316)
	%320 = call float @llvm.fmuladd.f32(float %318, float 0xBEB7F7D1C0000000, float %319)
	%321 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %320, float 0x3F81239E00000000)
	%322 = call float @llvm.fmuladd.f32(float %321, float %320, float 0x3FA5558F20000000)
	%323 = call float @llvm.fmuladd.f32(float %322, float %320, float 0x3FC5554920000000)
	%324 = call float @llvm.fmuladd.f32(float %323, float %320, float 0x3FDFFFFFC0000000)
	%325 = fmul float %320, %320
	%326 = call float @llvm.fmuladd.f32(float %324, float %325, float %320)
	%327 = fadd float %326, 1.0
	%328 = bitcast float %317 to i32
	%329 = sub i32 %328, u0x4B400000
	%330 = ashr i32 %329, 1
	%331 = sub i32 %329, %330
	%332 = add i32 %330, 127
	%333 = shl i32 %332, 23
	%334 = bitcast i32 %333 to float
	%335 = add i32 %331, 127
	%336 = shl i32 %335, 23
	%337 = bitcast i32 %336 to float
	%338 = fmul float %327, %334
	%339 = fmul float %338, %337
	%340 = fmul float %339, %164
	%341 = add i64 %203, 3
	%342 = getelementptr float, float addrspace(1)* %p3, i64 %341
	%343 = load float, float addrspace(1)* %342, align 4
	%344 = fmul float %201, %343
	%345 = fadd float %340, %344
	%346 = fmul float %339, %180
	%347 = select i1 %8, float %346, float %180
	%348 = fmul float %198, %46
	%349 = fcmp olt float %348, -115.0
	%350 = select i1 %349, float -115.0, float %348
	%351 = fcmp ogt float %350, 89.0
	%352 = select i1 %351, float 89.0, float %350
	%353 = call float @llvm.fmuladd.f32(float %352, float 0x3FF7154760000000, float 1.2582912e+07)
	%354 = fsub float %353, 1.2582912e+07
	%355 = call float @llvm.fmuladd.f32(float %354, float 0xBFE62E4000000000, float %352)
	%356 = call float @llvm.fmuladd.f32(float %354, float 0xBEB7F7D1C0000000, float %355)
	%357 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %356, float 0x3F81239E00000000)
	%358 = call float @llvm.fmuladd.f32(float %357, float %356, float 0x3FA5558F20000000)
	%359 = call float @llvm.fmuladd.f32(float %358, float %356, float 0x3FC5554920000000)
	%360 = call float @llvm.fmuladd.f32(float %359, float %356, float 0x3FDFFFFFC0000000)
	%361 = fmul float %356, %356
	%362 = call float @llvm.fmuladd.f32(float %360, float %361, float %356)
	%363 = fadd float %362, 1.0
	%364 = bitcast float %353 to i32
	%365 = sub i32 %364, u0x4B400000
	%366 = ashr i32 %365, 1
	%367 = sub i32 %365, %366
	%368 = add i32 %366, 127
	%369 = shl i32 %368, 23
	%370 = bitcast i32 %369 to float
	%371 = add i32 %367, 127
	%372 = shl i32 %371, 23
	%373 = bitcast i32 %372 to float
	%374 = fmul float %363, %370
	%375 = fmul float %374, %373
	%376 = fmul float %375, %165
	%377 = add i64 %203, 4
	%378 = getelementptr float, float addrspace(1)* %p3, i64 %377
	%379 = load float, float addrspace(1)* %378, align 4
	%380 = fmul float %201, %379
	%381 = fadd float %376, %380
	%382 = fmul float %375, %181
	%383 = select i1 %8, float %382, float %181
	%384 = fmul float %198, %50
	%385 = fcmp olt float %384, -115.0
	%386 = select i1 %385, float -115.0, float %384
	%387 = fcmp ogt float %386, 89.0
	%388 = select i1 %387, float 89.0, float %386
	%389 = call float @llvm.fmuladd.f32(float %388, float 0x3FF7154760000000, float 1.2582912e+07)
	%390 = fsub float %389, 1.2582912e+07
	%391 = call float @llvm.fmuladd.f32(float %390, float 0xBFE62E4000000000, float %388)
	%392 = call float @llvm.fmuladd.f32(float %390, float 0xBEB7F7D1C0000000, float %391)
	%393 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %392, float 0x3F81239E00000000)
	%394 = call float @llvm.fmuladd.f32(float %393, float %392, float 0x3FA5558F20000000)
	%395 = call float @llvm.fmuladd.f32(float %394, float %392, float 0x3FC5554920000000)
	%396 = call float @llvm.fmuladd.f32(float %395, float %392, float 0x3FDFFFFFC0000000)
	%397 = fmul float %392, %392
	%398 = call float @llvm.fmuladd.f32(float %396, float %397, float %392)
	%399 = fadd float %398, 1.0
	%400 = bitcast float %389 to i32
	%401 = sub i32 %400, u0x4B400000
	%402 = ashr i32 %401, 1
	%403 = sub i32 %401, %402
	%404 = add i32 %402, 127
	%405 = shl i32 %404, 23
	%406 = bitcast i32 %405 to float
	%407 = add i32 %403, 127
	%408 = shl i32 %407, 23
	%409 = bitcast i32 %408 to float
	%410 = fmul float %399, %406
	%411 = fmul float %410, %409
	%412 = fmul float %411, %166
	%413 = add i64 %203, 5
	%414 = getelementptr float, float addrspace(1)* %p3, i64 %413
	%415 = load float, float addrspace(1)* %414, align 4
	%416 = fmul float %201, %415
	%417 = fadd float %412, %416
	%418 = fmul float %411, %182
	%419 = select i1 %8, float %418, float %182
	%420 = fmul float %198, %54
	%421 = fcmp olt float %420, -115.0
	%422 = select i1 %421, float -115.0, float %420
	%423 = fcmp ogt float %422, 89.0
	%424 = select i1 %423, float 89.0, float %422
	%425 = call float @llvm.fmuladd.f32(float %424, float 0x3FF7154760000000, float 1.2582912e+07)
	%426 = fsub float %425, 1.2582912e+07
	%427 = call float @llvm.fmuladd.f32(float %426, float 0xBFE62E4000000000, float %424)
	%428 = call float @llvm.fmuladd.f32(float %426, float 0xBEB7F7D1C0000000, float %427)
	%429 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %428, float 0x3F81239E00000000)
	%430 = call float @llvm.fmuladd.f32(float %429, float %428, float 0x3FA5558F20000000)
	%431 = call float @llvm.fmuladd.f32(float %430, float %428, float 0x3FC5554920000000)
	%432 = call float @llvm.fmuladd.f32(float %431, float %428, float 0x3FDFFFFFC0000000)
	%433 = fmul float %428, %428
	%434 = call float @llvm.fmuladd.f32(float %432, float %433, float %428)
	%435 = fadd float %434, 1.0
	%436 = bitcast float %425 to i32
	%437 = sub i32 %436, u0x4B400000
	%438 = ashr i32 %437, 1
	%439 = sub i32 %437, %438
	%440 = add i32 %438, 127
	%441 = shl i32 %440, 23
	%442 = bitcast i32 %441 to float
	%443 = add i32 %439, 127
	%444 = shl i32 %443, 23
	%445 = bitcast i32 %444 to float
	%446 = fmul float %435, %442
	%447 = fmul float %446, %445
	%448 = fmul float %447, %167
	%449 = add i64 %203, 6
	%450 = getelementptr float, float addrspace(1)* %p3, i64 %449
	%451 = load float, float addrspace(1)* %450, align 4
	%452 = fmul float %201, %451
	%453 = fadd float %448, %452
	%454 = fmul float %447, %183
	%455 = select i1 %8, float %454, float %183
	%456 = fmul float %198, %58
	%457 = fcmp olt float %456, -115.0
	%458 = select i1 %457, float -115.0, float %456
	%459 = fcmp ogt float %458, 89.0
	%460 = select i1 %459, float 89.0, float %458
	%461 = call float @llvm.fmuladd.f32(float %460, float 0x3FF7154760000000, float 1.2582912e+07)
	%462 = fsub float %461, 1.2582912e+07
	%463 = call float @llvm.fmuladd.f32(float %462, float 0xBFE62E4000000000, float %460)
	%464 = call float @llvm.fmuladd.f32(float %462, float 0xBEB7F7D1C0000000, float %463)
	%465 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %464, float 0x3F81239E00000000)
	%466 = call float @llvm.fmuladd.f32(float %465, float %464, float 0x3FA5558F20000000)
	%467 = call float @llvm.fmuladd.f32(float %466, float %464, float 0x3FC5554920000000)
	%468 = call float @llvm.fmuladd.f32(float %467, float %464, float 0x3FDFFFFFC0000000)
	%469 = fmul float %464, %464
	%470 = call float @llvm.fmuladd.f32(float %468, float %469, float %464)
	%471 = fadd float %470, 1.0
	%472 = bitcast float %461 to i32
	%473 = sub i32 %472, u0x4B400000
	%474 = ashr i32 %473, 1
	%475 = sub i32 %473, %474
	%476 = add i32 %474, 127
	%477 = shl i32 %476, 23
	%478 = bitcast i32 %477 to float
	%479 = add i32 %475, 127
	%480 = shl i32 %479, 23
	%481 = bitcast i32 %480 to float
	%482 = fmul float %471, %478
	%483 = fmul float %482, %481
	%484 = fmul float %483, %168
	%485 = add i64 %203, 7
	%486 = getelementptr float, float addrspace(1)* %p3, i64 %485
	%487 = load float, float addrspace(1)* %486, align 4
	%488 = fmul float %201, %487
	%489 = fadd float %484, %488
	%490 = fmul float %483, %184
	%491 = select i1 %8, float %490, float %184
	%492 = fmul float %198, %62
	%493 = fcmp olt float %492, -115.0
	%494 = select i1 %493, float -115.0, float %492
	%495 = fcmp ogt float %494, 89.0
	%496 = select i1 %495, float 89.0, float %494
	%497 = call float @llvm.fmuladd.f32(float %496, float 0x3FF7154760000000, float 1.2582912e+07)
	%498 = fsub float %497, 1.2582912e+07
	%499 = call float @llvm.fmuladd.f32(float %498, float 0xBFE62E4000000000, float %496)
	%500 = call float @llvm.fmuladd.f32(float %498, float 0xBEB7F7D1C0000000, float %499)
	%501 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %500, float 0x3F81239E00000000)
	%502 = call float @llvm.fmuladd.f32(float %501, float %500, float 0x3FA5558F20000000)
	%503 = call float @llvm.fmuladd.f32(float %502, float %500, float 0x3FC5554920000000)
	%504 = call float @llvm.fmuladd.f32(float %503, float %500, float 0x3FDFFFFFC0000000)
	%505 = fmul float %500, %500
	%506 = call float @llvm.fmuladd.f32(float %504, float %505, float %500)
	%507 = fadd float %506, 1.0
	%508 = bitcast float %497 to i32
	%509 = sub i32 %508, u0x4B400000
	%510 = ashr i32 %509, 1
	%511 = sub i32 %509, %510
	%512 = add i32 %510, 127
	%513 = shl i32 %512, 23
	%514 = bitcast i32 %513 to float
	%515 = add i32 %511, 127
	%516 = shl i32 %515, 23
	%517 = bitcast i32 %516 to float
	%518 = fmul float %507, %514
	%519 = fmul float %518, %517
	%520 = fmul float %519, %169
	%521 = add i64 %203, 8
	%522 = getelementptr float, float addrspace(1)* %p3, i64 %521
	%523 = load float, float addrspace(1)* %522, align 4
	%524 = fmul float %201, %523
	%525 = fadd float %520, %524
	%526 = fmul float %519, %185
	%527 = select i1 %8, float %526, float %185
	%528 = fmul float %198, %66
	%529 = fcmp olt float %528, -115.0
	%530 = select i1 %529, float -115.0, float %528
	%531 = fcmp ogt float %530, 89.0
	%532 = select i1 %531, float 89.0, float %530
	%533 = call float @llvm.fmuladd.f32(float %532, float 0x3FF7154760000000, float 1.2582912e+07)
	%534 = fsub float %533, 1.2582912e+07
	%535 = call float @llvm.fmuladd.f32(float %534, float 0xBFE62E4000000000, float %532)
	%536 = call float @llvm.fmuladd.f32(float %534, float 0xBEB7F7D1C0000000, float %535)
	%537 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %536, float 0x3F81239E00000000)
	%538 = call float @llvm.fmuladd.f32(float %537, float %536, float 0x3FA5558F20000000)
	%539 = call float @llvm.fmuladd.f32(float %538, float %536, float 0x3FC5554920000000)
	%540 = call float @llvm.fmuladd.f32(float %539, float %536, float 0x3FDFFFFFC0000000)
	%541 = fmul float %536, %536
	%542 = call float @llvm.fmuladd.f32(float %540, float %541, float %536)
	%543 = fadd float %542, 1.0
	%544 = bitcast float %533 to i32
	%545 = sub i32 %544, u0x4B400000
	%546 = ashr i32 %545, 1
	%547 = sub i32 %545, %546
	%548 = add i32 %546, 127
	%549 = shl i32 %548, 23
	%550 = bitcast i32 %549 to float
	%551 = add i32 %547, 127
	%552 = shl i32 %551, 23
	%553 = bitcast i32 %552 to float
	%554 = fmul float %543, %550
	%555 = fmul float %554, %553
	%556 = fmul float %555, %170
	%557 = add i64 %203, 9
	%558 = getelementptr float, float addrspace(1)* %p3, i64 %557
	%559 = load float, float addrspace(1)* %558, align 4
	%560 = fmul float %201, %559
	%561 = fadd float %556, %560
	%562 = fmul float %555, %186
	%563 = select i1 %8, float %562, float %186
	%564 = fmul float %198, %70
	%565 = fcmp olt float %564, -115.0
	%566 = select i1 %565, float -115.0, float %564
	%567 = fcmp ogt float %566, 89.0
	%568 = select i1 %567, float 89.0, float %566
	%569 = call float @llvm.fmuladd.f32(float %568, float 0x3FF7154760000000, float 1.2582912e+07)
	%570 = fsub float %569, 1.2582912e+07
	%571 = call float @llvm.fmuladd.f32(float %570, float 0xBFE62E4000000000, float %568)
	%572 = call float @llvm.fmuladd.f32(float %570, float 0xBEB7F7D1C0000000, float %571)
	%573 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %572, float 0x3F81239E00000000)
	%574 = call float @llvm.fmuladd.f32(float %573, float %572, float 0x3FA5558F20000000)
	%575 = call float @llvm.fmuladd.f32(float %574, float %572, float 0x3FC5554920000000)
	%576 = call float @llvm.fmuladd.f32(float %575, float %572, float 0x3FDFFFFFC0000000)
	%577 = fmul float %572, %572
	%578 = call float @llvm.fmuladd.f32(float %576, float %577, float %572)
	%579 = fadd float %578, 1.0
	%580 = bitcast float %569 to i32
	%581 = sub i32 %580, u0x4B400000
	%582 = ashr i32 %581, 1
	%583 = sub i32 %581, %582
	%584 = add i32 %582, 127
	%585 = shl i32 %584, 23
	%586 = bitcast i32 %585 to float
	%587 = add i32 %583, 127
	%588 = shl i32 %587, 23
	%589 = bitcast i32 %588 to float
	%590 = fmul float %579, %586
	%591 = fmul float %590, %589
	%592 = fmul float %591, %171
	%593 = add i64 %203, 10
	%594 = getelementptr float, float addrspace(1)* %p3, i64 %593
	%595 = load float, float addrspace(1)* %594, align 4
	%596 = fmul float %201, %595
	%597 = fadd float %592, %596
	%598 = fmul float %591, %187
	%599 = select i1 %8, float %598, float %187
	%600 = fmul float %198, %74
	%601 = fcmp olt float %600, -115.0
	%602 = select i1 %601, float -115.0, float %600
	%603 = fcmp ogt float %602, 89.0
	%604 = select i1 %603, float 89.0, float %602
	%605 = call float @llvm.fmuladd.f32(float %604, float 0x3FF7154760000000, float 1.2582912e+07)
	%606 = fsub float %605, 1.2582912e+07
	%607 = call float @llvm.fmuladd.f32(float %606, float 0xBFE62E4000000000, float %604)
	%608 = call float @llvm.fmuladd.f32(float %606, float 0xBEB7F7D1C0000000, float %607)
	%609 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %608, float 0x3F81239E00000000)
	%610 = call float @llvm.fmuladd.f32(float %609, float %608, float 0x3FA5558F20000000)
	%611 = call float @llvm.fmuladd.f32(float %610, float %608, float 0x3FC5554920000000)
	%612 = call float @llvm.fmuladd.f32(float %611, float %608, float 0x3FDFFFFFC0000000)
	%613 = fmul float %608, %608
	%614 = call float @llvm.fmuladd.f32(float %612, float %613, float %608)
	%615 = fadd float %614, 1.0
	%616 = bitcast float %605 to i32
	%617 = sub i32 %616, u0x4B400000
	%618 = ashr i32 %617, 1
	%619 = sub i32 %617, %618
	%620 = add i32 %618, 127
	%621 = shl i32 %620, 23
	%622 = bitcast i32 %621 to float
	%623 = add i32 %619, 127
	%624 = shl i32 %623, 23
	%625 = bitcast i32 %624 to float
	%626 = fmul float %615, %622
	%627 = fmul float %626, %625
	%628 = fmul float %627, %172
	%629 = add i64 %203, 11
	%630 = getelementptr float, float addrspace(1)* %p3, i64 %629
	%631 = load float, float addrspace(1)* %630, align 4
	%632 = fmul float %201, %631
	%633 = fadd float %628, %632
	%634 = fmul float %627, %188
	%635 = select i1 %8, float %634, float %188
	%636 = fmul float %198, %78
	%637 = fcmp olt float %636, -115.0
	%638 = select i1 %637, float -115.0, float %636
	%639 = fcmp ogt float %638, 89.0
	%640 = select i1 %639, float 89.0, float %638
	%641 = call float @llvm.fmuladd.f32(float %640, float 0x3FF7154760000000, float 1.2582912e+07)
	%642 = fsub float %641, 1.2582912e+07
	%643 = call float @llvm.fmuladd.f32(float %642, float 0xBFE62E4000000000, float %640)
	%644 = call float @llvm.fmuladd.f32(float %642, float 0xBEB7F7D1C0000000, float %643)
	%645 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %644, float 0x3F81239E00000000)
	%646 = call float @llvm.fmuladd.f32(float %645, float %644, float 0x3FA5558F20000000)
	%647 = call float @llvm.fmuladd.f32(float %646, float %644, float 0x3FC5554920000000)
	%648 = call float @llvm.fmuladd.f32(float %647, float %644, float 0x3FDFFFFFC0000000)
	%649 = fmul float %644, %644
	%650 = call float @llvm.fmuladd.f32(float %648, float %649, float %644)
	%651 = fadd float %650, 1.0
	%652 = bitcast float %641 to i32
	%653 = sub i32 %652, u0x4B400000
	%654 = ashr i32 %653, 1
	%655 = sub i32 %653, %654
	%656 = add i32 %654, 127
	%657 = shl i32 %656, 23
	%658 = bitcast i32 %657 to float
	%659 = add i32 %655, 127
	%660 = shl i32 %659, 23
	%661 = bitcast i32 %660 to float
	%662 = fmul float %651, %658
	%663 = fmul float %662, %661
	%664 = fmul float %663, %173
	%665 = add i64 %203, 12
	%666 = getelementptr float, float addrspace(1)* %p3, i64 %665
	%667 = load float, float addrspace(1)* %666, align 4
	%668 = fmul float %201, %667
	%669 = fadd float %664, %668
	%670 = fmul float %663, %189
	%671 = select i1 %8, float %670, float %189
	%672 = fmul float %198, %82
	%673 = fcmp olt float %672, -115.0
	%674 = select i1 %673, float -115.0, float %672
	%675 = fcmp ogt float %674, 89.0
	%676 = select i1 %675, float 89.0, float %674
	%677 = call float @llvm.fmuladd.f32(float %676, float 0x3FF7154760000000, float 1.2582912e+07)
	%678 = fsub float %677, 1.2582912e+07
	%679 = call float @llvm.fmuladd.f32(float %678, float 0xBFE62E4000000000, float %676)
	%680 = call float @llvm.fmuladd.f32(float %678, float 0xBEB7F7D1C0000000, float %679)
	%681 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %680, float 0x3F81239E00000000)
	%682 = call float @llvm.fmuladd.f32(float %681, float %680, float 0x3FA5558F20000000)
	%683 = call float @llvm.fmuladd.f32(float %682, float %680, float 0x3FC5554920000000)
	%684 = call float @llvm.fmuladd.f32(float %683, float %680, float 0x3FDFFFFFC0000000)
	%685 = fmul float %680, %680
	%686 = call float @llvm.fmuladd.f32(float %684, float %685, float %680)
	%687 = fadd float %686, 1.0
	%688 = bitcast float %677 to i32
	%689 = sub i32 %688, u0x4B400000
	%690 = ashr i32 %689, 1
	%691 = sub i32 %689, %690
	%692 = add i32 %690, 127
	%693 = shl i32 %692, 23
	%694 = bitcast i32 %693 to float
	%695 = add i32 %691, 127
	%696 = shl i32 %695, 23
	%697 = bitcast i32 %696 to float
	%698 = fmul float %687, %694
	%699 = fmul float %698, %697
	%700 = fmul float %699, %174
	%701 = add i64 %203, 13
	%702 = getelementptr float, float addrspace(1)* %p3, i64 %701
	%703 = load float, float addrspace(1)* %702, align 4
	%704 = fmul float %201, %703
	%705 = fadd float %700, %704
	%706 = fmul float %699, %190
	%707 = select i1 %8, float %706, float %190
	%708 = fmul float %198, %86
	%709 = fcmp olt float %708, -115.0
	%710 = select i1 %709, float -115.0, float %708
	%711 = fcmp ogt float %710, 89.0
	%712 = select i1 %711, float 89.0, float %710
	%713 = call float @llvm.fmuladd.f32(float %712, float 0x3FF7154760000000, float 1.2582912e+07)
	%714 = fsub float %713, 1.2582912e+07
	%715 = call float @llvm.fmuladd.f32(float %714, float 0xBFE62E4000000000, float %712)
	%716 = call float @llvm.fmuladd.f32(float %714, float 0xBEB7F7D1C0000000, float %715)
	%717 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %716, float 0x3F81239E00000000)
	%718 = call float @llvm.fmuladd.f32(float %717, float %716, float 0x3FA5558F20000000)
	%719 = call float @llvm.fmuladd.f32(float %718, float %716, float 0x3FC5554920000000)
	%720 = call float @llvm.fmuladd.f32(float %719, float %716, float 0x3FDFFFFFC0000000)
	%721 = fmul float %716, %716
	%722 = call float @llvm.fmuladd.f32(float %720, float %721, float %716)
	%723 = fadd float %722, 1.0
	%724 = bitcast float %713 to i32
	%725 = sub i32 %724, u0x4B400000
	%726 = ashr i32 %725, 1
	%727 = sub i32 %725, %726
	%728 = add i32 %726, 127
	%729 = shl i32 %728, 23
	%730 = bitcast i32 %729 to float
	%731 = add i32 %727, 127
	%732 = shl i32 %731, 23
	%733 = bitcast i32 %732 to float
	%734 = fmul float %723, %730
	%735 = fmul float %734, %733
	%736 = fmul float %735, %175
	%737 = add i64 %203, 14
	%738 = getelementptr float, float addrspace(1)* %p3, i64 %737
	%739 = load float, float addrspace(1)* %738, align 4
	%740 = fmul float %201, %739
	%741 = fadd float %736, %740
	%742 = fmul float %735, %191
	%743 = select i1 %8, float %742, float %191
	%744 = fmul float %198, %90
	%745 = fcmp olt float %744, -115.0
	%746 = select i1 %745, float -115.0, float %744
	%747 = fcmp ogt float %746, 89.0
	%748 = select i1 %747, float 89.0, float %746
	%749 = call float @llvm.fmuladd.f32(float %748, float 0x3FF7154760000000, float 1.2582912e+07)
	%750 = fsub float %749, 1.2582912e+07
	%751 = call float @llvm.fmuladd.f32(float %750, float 0xBFE62E4000000000, float %748)
	%752 = call float @llvm.fmuladd.f32(float %750, float 0xBEB7F7D1C0000000, float %751)
	%753 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %752, float 0x3F81239E00000000)
	%754 = call float @llvm.fmuladd.f32(float %753, float %752, float 0x3FA5558F20000000)
	%755 = call float @llvm.fmuladd.f32(float %754, float %752, float 0x3FC5554920000000)
	%756 = call float @llvm.fmuladd.f32(float %755, float %752, float 0x3FDFFFFFC0000000)
	%757 = fmul float %752, %752
	%758 = call float @llvm.fmuladd.f32(float %756, float %757, float %752)
	%759 = fadd float %758, 1.0
	%760 = bitcast float %749 to i32
	%761 = sub i32 %760, u0x4B400000
	%762 = ashr i32 %761, 1
	%763 = sub i32 %761, %762
	%764 = add i32 %762, 127
	%765 = shl i32 %764, 23
	%766 = bitcast i32 %765 to float
	%767 = add i32 %763, 127
	%768 = shl i32 %767, 23
	%769 = bitcast i32 %768 to float
	%770 = fmul float %759, %766
	%771 = fmul float %770, %769
	%772 = fmul float %771, %176
	%773 = add i64 %203, 15
	%774 = getelementptr float, float addrspace(1)* %p3, i64 %773
	%775 = load float, float addrspace(1)* %774, align 4
	%776 = fmul float %201, %775
	%777 = fadd float %772, %776
	%778 = fmul float %771, %192
	%779 = select i1 %8, float %778, float %192
	%780 = xor i1 %8, true
	br i1 %780, label %if.37, label %if.join.38

loop.exit.36:
	%781 = phi float [ %98, %ifv.join.34 ], [ %237, %if.join.38 ]
	%782 = phi float [ %102, %ifv.join.34 ], [ %273, %if.join.38 ]
	%783 = phi float [ %106, %ifv.join.34 ], [ %309, %if.join.38 ]
	%784 = phi float [ %110, %ifv.join.34 ], [ %345, %if.join.38 ]
	%785 = phi float [ %114, %ifv.join.34 ], [ %381, %if.join.38 ]
	%786 = phi float [ %118, %ifv.join.34 ], [ %417, %if.join.38 ]
	%787 = phi float [ %122, %ifv.join.34 ], [ %453, %if.join.38 ]
	%788 = phi float [ %126, %ifv.join.34 ], [ %489, %if.join.38 ]
	%789 = phi float [ %130, %ifv.join.34 ], [ %525, %if.join.38 ]
	%790 = phi float [ %134, %ifv.join.34 ], [ %561, %if.join.38 ]
	%791 = phi float [ %138, %ifv.join.34 ], [ %597, %if.join.38 ]
	%792 = phi float [ %142, %ifv.join.34 ], [ %633, %if.join.38 ]
	%793 = phi float [ %146, %ifv.join.34 ], [ %669, %if.join.38 ]
	%794 = phi float [ %150, %ifv.join.34 ], [ %705, %if.join.38 ]
	%795 = phi float [ %154, %ifv.join.34 ], [ %741, %if.join.38 ]
	%796 = phi float [ %158, %ifv.join.34 ], [ %777, %if.join.38 ]
	%797 = phi float [ 1.0, %ifv.join.34 ], [ %239, %if.join.38 ]
	%798 = phi float [ 1.0, %ifv.join.34 ], [ %275, %if.join.38 ]
	%799 = phi float [ 1.0, %ifv.join.34 ], [ %311, %if.join.38 ]
	%800 = phi float [ 1.0, %ifv.join.34 ], [ %347, %if.join.38 ]
	%801 = phi float [ 1.0, %ifv.join.34 ], [ %383, %if.join.38 ]
	%802 = phi float [ 1.0, %ifv.join.34 ], [ %419, %if.join.38 ]
	%803 = phi float [ 1.0, %ifv.join.34 ], [ %455, %if.join.38 ]
	%804 = phi float [ 1.0, %ifv.join.34 ], [ %491, %if.join.38 ]
	%805 = phi float [ 1.0, %ifv.join.34 ], [ %527, %if.join.38 ]
	%806 = phi float [ 1.0, %ifv.join.34 ], [ %563, %if.join.38 ]
	%807 = phi float [ 1.0, %ifv.join.34 ], [ %599, %if.join.38 ]
	%808 = phi float [ 1.0, %ifv.join.34 ], [ %635, %if.join.38 ]
	%809 = phi float [ 1.0, %ifv.join.34 ], [ %671, %if.join.38 ]
	%810 = phi float [ 1.0, %ifv.join.34 ], [ %707, %if.join.38 ]
	%811 = phi float [ 1.0, %ifv.join.34 ], [ %743, %if.join.38 ]
	%812 = phi float [ 1.0, %ifv.join.34 ], [ %779, %if.join.38 ]
	%813 = icmp ne i64 %i3, 0
	br i1 %813, label %if.39, label %if.join.40

if.37:
	%814 = add i64 %203, 0
	%815 = getelementptr float, float addrspace(1)* %p4, i64 %814
	%816 = load float, float addrspace(1)* %815, align 4
	%817 = fmul float %816, %237
	%818 = fadd float 0.0, %817
	%819 = add i64 %203, 1
	%820 = getelementptr float, float addrspace(1)* %p4, i64 %819
	%821 = load float, float addrspace(1)* %820, align 4
	%822 = fmul float %821, %273
	%823 = fadd float %818, %822
	%824 = add i64 %203, 2
	%825 = getelementptr float, float addrspace(1)* %p4, i64 %824
	%826 = load float, float addrspace(1)* %825, align 4
	%827 = fmul float %826, %309
	%828 = fadd float %823, %827
	%829 = add i64 %203, 3
	%830 = getelementptr float, float addrspace(1)* %p4, i64 %829
	%831 = load float, float addrspace(1)* %830, align 4
	%832 = fmul float %831, %345
	%833 = fadd float %828, %832
	%834 = add i64 %203, 4
	%835 = getelementptr float, float addrspace(1)* %p4, i64 %834
	%836 = load float, float addrspace(1)* %835, align 4
	%837 = fmul float %836, %381
	%838 = fadd float %833, %837
	%839 = add i64 %203, 5
	%840 = getelementptr float, float addrspace(1)* %p4, i64 %839
	%841 = load float, float addrspace(1)* %840, align 4
	%842 = fmul float %841, %417
	%843 = fadd float %838, %842
	%844 = add i64 %203, 6
	%845 = getelementptr float, float addrspace(1)* %p4, i64 %844
	%846 = load float, float addrspace(1)* %845, align 4
	%847 = fmul float %846, %453
	%848 = fadd float %843, %847
	%849 = add i64 %203, 7
	%850 = getelementptr float, float addrspace(1)* %p4, i64 %849
	%851 = load float, float addrspace(1)* %850, align 4
	%852 = fmul float %851, %489
	%853 = fadd float %848, %852
	%854 = add i64 %203, 8
	%855 = getelementptr float, float addrspace(1)* %p4, i64 %854
	%856 = load float, float addrspace(1)* %855, align 4
	%857 = fmul float %856, %525
	%858 = fadd float %853, %857
	%859 = add i64 %203, 9
	%860 = getelementptr float, float addrspace(1)* %p4, i64 %859
	%861 = load float, float addrspace(1)* %860, align 4
	%862 = fmul float %861, %561
	%863 = fadd float %858, %862
	%864 = add i64 %203, 10
	%865 = getelementptr float, float addrspace(1)* %p4, i64 %864
	%866 = load float, float addrspace(1)* %865, align 4
	%867 = fmul float %866, %597
	%868 = fadd float %863, %867
	%869 = add i64 %203, 11
	%870 = getelementptr float, float addrspace(1)* %p4, i64 %869
	%871 = load float, float addrspace(1)* %870, align 4
	%872 = fmul float %871, %633
	%873 = fadd float %868, %872
	%874 = add i64 %203, 12
	%875 = getelementptr float, float addrspace(1)* %p4, i64 %874
	%876 = load float, float addrspace(1)* %875, align 4
	%877 = fmul float %876, %669
	%878 = fadd float %873, %877
	%879 = add i64 %203, 13
	%880 = getelementptr float, float addrspace(1)* %p4, i64 %879
	%881 = load float, float addrspace(1)* %880, align 4
	%882 = fmul float %881, %705
	%883 = fadd float %878, %882
	%884 = add i64 %203, 14
	%885 = getelementptr float, float addrspace(1)* %p4, i64 %884
	%886 = load float, float addrspace(1)* %885, align 4
	%887 = fmul float %886, %741
	%888 = fadd float %883, %887
	%889 = add i64 %203, 15
	%890 = getelementptr float, float addrspace(1)* %p4, i64 %889
	%891 = load float, float addrspace(1)* %890, align 4
	%892 = fmul float %891, %777
	%893 = fadd float %888, %892
	%894 = getelementptr float, float addrspace(1)* %p5, i64 %22
	%895 = load float, float addrspace(1)* %894, align 4
	%896 = fmul float %895, %200
	%897 = fadd float %893, %896
	%898 = getelementptr float, float addrspace(1)* %p6, i64 %196
	%899 = load float, float addrspace(1)* %898, align 4
	%900 = call float @llvm.fabs.f32(float %899)
	%901 = fneg float %900
	%902 = fcmp olt float %901, -115.0
	%903 = select i1 %902, float -115.0, float %901
	%904 = fcmp ogt float %903, 89.0
	%905 = select i1 %904, float 89.0, float %903
	%906 = call float @llvm.fmuladd.f32(float %905, float 0x3FF7154760000000, float 1.2582912e+07)
	%907 = fsub float %906, 1.2582912e+07
	%908 = call float @llvm.fmuladd.f32(float %907, float 0xBFE62E4000000000, float %905)
	%909 = call float @llvm.fmuladd.f32(float %907, float 0xBEB7F7D1C0000000, float %908)
	%910 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %909, float 0x3F81239E00000000)
	%911 = call float @llvm.fmuladd.f32(float %910, float %909, float 0x3FA5558F20000000)
	%912 = call float @llvm.fmuladd.f32(float %911, float %909, float 0x3FC5554920000000)
	%913 = call float @llvm.fmuladd.f32(float %912, float %909, float 0x3FDFFFFFC0000000)
	%914 = fmul float %909, %909
	%915 = call float @llvm.fmuladd.f32(float %913, float %914, float %909)
	%916 = fadd float %915, 1.0
	%917 = bitcast float %906 to i32
	%918 = sub i32 %917, u0x4B400000
	%919 = ashr i32 %918, 1
	%920 = sub i32 %918, %919
	%921 = add i32 %919, 127
	%922 = shl i32 %921, 23
	%923 = bitcast i32 %922 to float
	%924 = add i32 %920, 127
	%925 = shl i32 %924, 23
	%926 = bitcast i32 %925 to float
	%927 = fmul float %916, %923
	%928 = fmul float %927, %926
	%929 = fadd float 1.0, %928
	%930 = fcmp olt float %899, 0.0
	%931 = fmul float %899, %927
	%932 = select i1 %930, float %931, float %899
	%933 = select i1 %930, float %926, float 1.0
	%934 = fdiv float %932, %929
	%935 = fmul float %934, %933
	%936 = fcmp olt float %899, -115.0
	%937 = select i1 %936, float -0.0, float %935
	%938 = fcmp oeq float %899, 0xFFF0000000000000
	%939 = select i1 %938, float 0x7FF8000000000000, float %937
	%940 = fmul float %897, %939
	%941 = getelementptr float, float addrspace(1)* %p7, i64 %196
	store float %940, float addrspace(1)* %941, align 4
	br label %if.join.38

if.join.38:
	%942 = add i64 %160, 1
	%943 = icmp slt i64 %942, %14
	br i1 %943, label %loop.35, label %loop.exit.36

if.39:
	%944 = add i64 %93, 0
	%945 = getelementptr float, float addrspace(1)* %p9, i64 %944
	store float %781, float addrspace(1)* %945, align 4
	%946 = add i64 %93, 1
	%947 = getelementptr float, float addrspace(1)* %p9, i64 %946
	store float %782, float addrspace(1)* %947, align 4
	%948 = add i64 %93, 2
	%949 = getelementptr float, float addrspace(1)* %p9, i64 %948
	store float %783, float addrspace(1)* %949, align 4
	%950 = add i64 %93, 3
	%951 = getelementptr float, float addrspace(1)* %p9, i64 %950
	store float %784, float addrspace(1)* %951, align 4
	%952 = add i64 %93, 4
	%953 = getelementptr float, float addrspace(1)* %p9, i64 %952
	store float %785, float addrspace(1)* %953, align 4
	%954 = add i64 %93, 5
	%955 = getelementptr float, float addrspace(1)* %p9, i64 %954
	store float %786, float addrspace(1)* %955, align 4
	%956 = add i64 %93, 6
	%957 = getelementptr float, float addrspace(1)* %p9, i64 %956
	store float %787, float addrspace(1)* %957, align 4
	%958 = add i64 %93, 7
	%959 = getelementptr float, float addrspace(1)* %p9, i64 %958
	store float %788, float addrspace(1)* %959, align 4
	%960 = add i64 %93, 8
	%961 = getelementptr float, float addrspace(1)* %p9, i64 %960
	store float %789, float addrspace(1)* %961, align 4
	%962 = add i64 %93, 9
	%963 = getelementptr float, float addrspace(1)* %p9, i64 %962
	store float %790, float addrspace(1)* %963, align 4
	%964 = add i64 %93, 10
	%965 = getelementptr float, float addrspace(1)* %p9, i64 %964
	store float %791, float addrspace(1)* %965, align 4
	%966 = add i64 %93, 11
	%967 = getelementptr float, float addrspace(1)* %p9, i64 %966
	store float %792, float addrspace(1)* %967, align 4
	%968 = add i64 %93, 12
	%969 = getelementptr float, float addrspace(1)* %p9, i64 %968
	store float %793, float addrspace(1)* %969, align 4
	%970 = add i64 %93, 13
	%971 = getelementptr float, float addrspace(1)* %p9, i64 %970
	store float %794, float addrspace(1)* %971, align 4
	%972 = add i64 %93, 14
	%973 = getelementptr float, float addrspace(1)* %p9, i64 %972
	store float %795, float addrspace(1)* %973, align 4
	%974 = add i64 %93, 15
	%975 = getelementptr float, float addrspace(1)* %p9, i64 %974
	store float %796, float addrspace(1)* %975, align 4
	br label %if.join.40

if.join.40:
	br i1 %8, label %if.41, label %if.join.42

if.41:
	%976 = add i64 %93, 0
	%977 = getelementptr float, float addrspace(1)* %p10, i64 %976
	store float %797, float addrspace(1)* %977, align 4
	%978 = add i64 %93, 1
	%979 = getelementptr float, float addrspace(1)* %p10, i64 %978
	store float %798, float addrspace(1)* %979, align 4
	%980 = add i64 %93, 2
	%981 = getelementptr float, float addrspace(1)* %p10, i64 %980
	store float %799, float addrspace(1)* %981, align 4
	%982 = add i64 %93, 3
	%983 = getelementptr float, float addrspace(1)* %p10, i64 %982
	store float %800, float addrspace(1)* %983, align 4
	%984 = add i64 %93, 4
	%985 = getelementptr float, float addrspace(1)* %p10, i64 %984
	store float %801, float addrspace(1)* %985, align 4
	%986 = add i64 %93, 5
	%987 = getelementptr float, float addrspace(1)* %p10, i64 %986
	store float %802, float addrspace(1)* %987, align 4
	%988 = add i64 %93, 6
	%989 = getelementptr float, float addrspace(1)* %p10, i64 %988
	store float %803, float addrspace(1)* %989, align 4
	%990 = add i64 %93, 7
	%991 = getelementptr float, float addrspace(1)* %p10, i64 %990
	store float %804, float addrspace(1)* %991, align 4
	%992 = add i64 %93, 8
	%993 = getelementptr float, float addrspace(1)* %p10, i64 %992
	store float %805, float addrspace(1)* %993, align 4
	%994 = add i64 %93, 9
	%995 = getelementptr float, float addrspace(1)* %p10, i64 %994
	store float %806, float addrspace(1)* %995, align 4
	%996 = add i64 %93, 10
	%997 = getelementptr float, float addrspace(1)* %p10, i64 %996
	store float %807, float addrspace(1)* %997, align 4
	%998 = add i64 %93, 11
	%999 = getelementptr float, float addrspace(1)* %p10, i64 %998
	store float %808, float addrspace(1)* %999, align 4
	%1000 = add i64 %93, 12
	%1001 = getelementptr float, float addrspace(1)* %p10, i64 %1000
	store float %809, float addrspace(1)* %1001, align 4
	%1002 = add i64 %93, 13
	%1003 = getelementptr float, float addrspace(1)* %p10, i64 %1002
	store float %810, float addrspace(1)* %1003, align 4
	%1004 = add i64 %93, 14
	%1005 = getelementptr float, float addrspace(1)* %p10, i64 %1004
	store float %811, float addrspace(1)* %1005, align 4
	%1006 = add i64 %93, 15
	%1007 = getelementptr float, float addrspace(1)* %p10, i64 %1006
	store float %812, float addrspace(1)* %1007, align 4
	br label %if.join.42

if.join.42:
	br label %if.join.2
}

declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.y()

declare i32 @llvm.nvvm.read.ptx.sreg.nctaid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.nctaid.y()

declare i32 @llvm.nvvm.read.ptx.sreg.tid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.tid.y()

declare float @llvm.fmuladd.f32(float %0, float %1, float %2)

declare float @llvm.fabs.f32(float %0)
