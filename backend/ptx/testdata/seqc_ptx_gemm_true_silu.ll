source_filename = "seqc-ptx"
target datalayout = "e-i64:64-i128:128-v16:16-v32:32-n16:32:64"
target triple = "nvptx64-nvidia-cuda"

@seqc_ptx_gemm_true_silu_sh1 = internal addrspace(3) global [1024 x float] undef, align 16
@seqc_ptx_gemm_true_silu_sh2 = internal addrspace(3) global [1024 x float] undef, align 16

define ptx_kernel void @seqc_ptx_gemm_true_silu(i64 %i0, i64 %i1, i64 %i2, float addrspace(1)* nocapture %p0, float addrspace(1)* nocapture %p1, float addrspace(1)* nocapture %p2, float addrspace(1)* nocapture %p3) nounwind {
entry:
	%0 = alloca [16 x float], align 16
	%1 = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()
	%2 = zext i32 %1 to i64
	%3 = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.y()
	%4 = zext i32 %3 to i64
	%5 = call i32 @llvm.nvvm.read.ptx.sreg.nctaid.x()
	%6 = zext i32 %5 to i64
	%7 = call i32 @llvm.nvvm.read.ptx.sreg.nctaid.y()
	%8 = zext i32 %7 to i64
	%9 = mul i64 %4, 64
	%10 = mul i64 %2, 64
	%11 = getelementptr [16 x float], [16 x float]* %0, i64 0, i64 0
	%12 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%13 = zext i32 %12 to i64
	%14 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%15 = zext i32 %14 to i64
	%16 = mul i64 %15, 16
	%17 = add i64 %16, %13
	%18 = getelementptr float, float* %11, i64 0
	store float 0.0, float* %18, align 4
	%19 = getelementptr float, float* %11, i64 1
	store float 0.0, float* %19, align 4
	%20 = getelementptr float, float* %11, i64 2
	store float 0.0, float* %20, align 4
	%21 = getelementptr float, float* %11, i64 3
	store float 0.0, float* %21, align 4
	%22 = getelementptr float, float* %11, i64 4
	store float 0.0, float* %22, align 4
	%23 = getelementptr float, float* %11, i64 5
	store float 0.0, float* %23, align 4
	%24 = getelementptr float, float* %11, i64 6
	store float 0.0, float* %24, align 4
	%25 = getelementptr float, float* %11, i64 7
	store float 0.0, float* %25, align 4
	%26 = getelementptr float, float* %11, i64 8
	store float 0.0, float* %26, align 4
	%27 = getelementptr float, float* %11, i64 9
	store float 0.0, float* %27, align 4
	%28 = getelementptr float, float* %11, i64 10
	store float 0.0, float* %28, align 4
	%29 = getelementptr float, float* %11, i64 11
	store float 0.0, float* %29, align 4
	%30 = getelementptr float, float* %11, i64 12
	store float 0.0, float* %30, align 4
	%31 = getelementptr float, float* %11, i64 13
	store float 0.0, float* %31, align 4
	%32 = getelementptr float, float* %11, i64 14
	store float 0.0, float* %32, align 4
	%33 = getelementptr float, float* %11, i64 15
	store float 0.0, float* %33, align 4
	%34 = icmp slt i64 0, %i2
	br i1 %34, label %loop.1, label %loop.exit.2

loop.1:
	%35 = phi i64 [ 0, %entry ], [ %877, %ifv.join.18 ]
	call void @llvm.nvvm.barrier0()
	%36 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%37 = zext i32 %36 to i64
	%38 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%39 = zext i32 %38 to i64
	%40 = mul i64 %39, 16
	%41 = add i64 %40, %37
	%42 = add i64 %41, 0
	%43 = sdiv i64 %42, 16
	%44 = srem i64 %42, 16
	%45 = mul i64 %44, 64
	%46 = add i64 %45, %43
	%47 = add i64 %9, %43
	%48 = add i64 %35, %44
	%49 = icmp slt i64 %47, %i0
	%50 = icmp slt i64 %48, %i2
	%51 = and i1 %49, %50
	br i1 %51, label %ifv.3, label %ifv.join.4

loop.exit.2:
	call void @llvm.nvvm.barrier0()
	%52 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%53 = zext i32 %52 to i64
	%54 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%55 = zext i32 %54 to i64
	%56 = mul i64 %55, 16
	%57 = add i64 %56, %53
	%58 = add i64 %55, 0
	%59 = add i64 %9, %58
	%60 = add i64 %53, 0
	%61 = add i64 %10, %60
	%62 = icmp slt i64 %59, %i0
	%63 = icmp slt i64 %61, %i1
	%64 = and i1 %62, %63
	br i1 %64, label %if.19, label %if.join.20

ifv.3:
	%65 = mul i64 %47, %i2
	%66 = add i64 %65, %48
	%67 = getelementptr float, float addrspace(1)* %p0, i64 %66
	%68 = load float, float addrspace(1)* %67, align 4
	br label %ifv.join.4

ifv.join.4:
	%69 = phi float [ 0.0, %loop.1 ], [ %68, %ifv.3 ]
	%70 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %46
	store float %69, float addrspace(3)* %70, align 4
	%71 = add i64 %41, 256
	%72 = sdiv i64 %71, 16
	%73 = srem i64 %71, 16
	%74 = mul i64 %73, 64
	%75 = add i64 %74, %72
	%76 = add i64 %9, %72
	%77 = add i64 %35, %73
	%78 = icmp slt i64 %76, %i0
	%79 = icmp slt i64 %77, %i2
	%80 = and i1 %78, %79
	br i1 %80, label %ifv.5, label %ifv.join.6

ifv.5:
	%81 = mul i64 %76, %i2
	%82 = add i64 %81, %77
	%83 = getelementptr float, float addrspace(1)* %p0, i64 %82
	%84 = load float, float addrspace(1)* %83, align 4
	br label %ifv.join.6

ifv.join.6:
	%85 = phi float [ 0.0, %ifv.join.4 ], [ %84, %ifv.5 ]
	%86 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %75
	store float %85, float addrspace(3)* %86, align 4
	%87 = add i64 %41, 512
	%88 = sdiv i64 %87, 16
	%89 = srem i64 %87, 16
	%90 = mul i64 %89, 64
	%91 = add i64 %90, %88
	%92 = add i64 %9, %88
	%93 = add i64 %35, %89
	%94 = icmp slt i64 %92, %i0
	%95 = icmp slt i64 %93, %i2
	%96 = and i1 %94, %95
	br i1 %96, label %ifv.7, label %ifv.join.8

ifv.7:
	%97 = mul i64 %92, %i2
	%98 = add i64 %97, %93
	%99 = getelementptr float, float addrspace(1)* %p0, i64 %98
	%100 = load float, float addrspace(1)* %99, align 4
	br label %ifv.join.8

ifv.join.8:
	%101 = phi float [ 0.0, %ifv.join.6 ], [ %100, %ifv.7 ]
	%102 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %91
	store float %101, float addrspace(3)* %102, align 4
	%103 = add i64 %41, 768
	%104 = sdiv i64 %103, 16
	%105 = srem i64 %103, 16
	%106 = mul i64 %105, 64
	%107 = add i64 %106, %104
	%108 = add i64 %9, %104
	%109 = add i64 %35, %105
	%110 = icmp slt i64 %108, %i0
	%111 = icmp slt i64 %109, %i2
	%112 = and i1 %110, %111
	br i1 %112, label %ifv.9, label %ifv.join.10

ifv.9:
	%113 = mul i64 %108, %i2
	%114 = add i64 %113, %109
	%115 = getelementptr float, float addrspace(1)* %p0, i64 %114
	%116 = load float, float addrspace(1)* %115, align 4
	br label %ifv.join.10

ifv.join.10:
	%117 = phi float [ 0.0, %ifv.join.8 ], [ %116, %ifv.9 ]
	%118 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %107
	store float %117, float addrspace(3)* %118, align 4
	%119 = add i64 %41, 0
	%120 = sdiv i64 %119, 16
	%121 = srem i64 %119, 16
	%122 = mul i64 %121, 64
	%123 = add i64 %122, %120
	%124 = add i64 %10, %120
	%125 = add i64 %35, %121
	%126 = icmp slt i64 %124, %i1
	%127 = icmp slt i64 %125, %i2
	%128 = and i1 %126, %127
	br i1 %128, label %ifv.11, label %ifv.join.12

ifv.11:
	%129 = mul i64 %124, %i2
	%130 = add i64 %129, %125
	%131 = getelementptr float, float addrspace(1)* %p1, i64 %130
	%132 = load float, float addrspace(1)* %131, align 4
	br label %ifv.join.12

ifv.join.12:
	%133 = phi float [ 0.0, %ifv.join.10 ], [ %132, %ifv.11 ]
	%134 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %123
	store float %133, float addrspace(3)* %134, align 4
	%135 = add i64 %41, 256
	%136 = sdiv i64 %135, 16
	%137 = srem i64 %135, 16
	%138 = mul i64 %137, 64
	%139 = add i64 %138, %136
	%140 = add i64 %10, %136
	%141 = add i64 %35, %137
	%142 = icmp slt i64 %140, %i1
	%143 = icmp slt i64 %141, %i2
	%144 = and i1 %142, %143
	br i1 %144, label %ifv.13, label %ifv.join.14

ifv.13:
	%145 = mul i64 %140, %i2
	%146 = add i64 %145, %141
	%147 = getelementptr float, float addrspace(1)* %p1, i64 %146
	%148 = load float, float addrspace(1)* %147, align 4
	br label %ifv.join.14

ifv.join.14:
	%149 = phi float [ 0.0, %ifv.join.12 ], [ %148, %ifv.13 ]
	%150 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %139
	store float %149, float addrspace(3)* %150, align 4
	%151 = add i64 %41, 512
	%152 = sdiv i64 %151, 16
	%153 = srem i64 %151, 16
	%154 = mul i64 %153, 64
	%155 = add i64 %154, %152
	%156 = add i64 %10, %152
	%157 = add i64 %35, %153
	%158 = icmp slt i64 %156, %i1
	%159 = icmp slt i64 %157, %i2
	%160 = and i1 %158, %159
	br i1 %160, label %ifv.15, label %ifv.join.16

ifv.15:
	%161 = mul i64 %156, %i2
	%162 = add i64 %161, %157
	%163 = getelementptr float, float addrspace(1)* %p1, i64 %162
	%164 = load float, float addrspace(1)* %163, align 4
	br label %ifv.join.16

ifv.join.16:
	%165 = phi float [ 0.0, %ifv.join.14 ], [ %164, %ifv.15 ]
	%166 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %155
	store float %165, float addrspace(3)* %166, align 4
	%167 = add i64 %41, 768
	%168 = sdiv i64 %167, 16
	%169 = srem i64 %167, 16
	%170 = mul i64 %169, 64
	%171 = add i64 %170, %168
	%172 = add i64 %10, %168
	%173 = add i64 %35, %169
	%174 = icmp slt i64 %172, %i1
	%175 = icmp slt i64 %173, %i2
	%176 = and i1 %174, %175
	br i1 %176, label %ifv.17, label %ifv.join.18

ifv.17:
	%177 = mul i64 %172, %i2
	%178 = add i64 %177, %173
	%179 = getelementptr float, float addrspace(1)* %p1, i64 %178
	%180 = load float, float addrspace(1)* %179, align 4
	br label %ifv.join.18

ifv.join.18:
	%181 = phi float [ 0.0, %ifv.join.16 ], [ %180, %ifv.17 ]
	%182 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %171
	store float %181, float addrspace(3)* %182, align 4
	call void @llvm.nvvm.barrier0()
	%183 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%184 = zext i32 %183 to i64
	%185 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%186 = zext i32 %185 to i64
	%187 = mul i64 %186, 16
	%188 = add i64 %187, %184
	%189 = getelementptr float, float* %11, i64 0
	%190 = load float, float* %189, align 4
	%191 = getelementptr float, float* %11, i64 1
	%192 = load float, float* %191, align 4
	%193 = getelementptr float, float* %11, i64 2
	%194 = load float, float* %193, align 4
	%195 = getelementptr float, float* %11, i64 3
	%196 = load float, float* %195, align 4
	%197 = getelementptr float, float* %11, i64 4
	%198 = load float, float* %197, align 4
	%199 = getelementptr float, float* %11, i64 5
	%200 = load float, float* %199, align 4
	%201 = getelementptr float, float* %11, i64 6
	%202 = load float, float* %201, align 4
	%203 = getelementptr float, float* %11, i64 7
	%204 = load float, float* %203, align 4
	%205 = getelementptr float, float* %11, i64 8
	%206 = load float, float* %205, align 4
	%207 = getelementptr float, float* %11, i64 9
	%208 = load float, float* %207, align 4
	%209 = getelementptr float, float* %11, i64 10
	%210 = load float, float* %209, align 4
	%211 = getelementptr float, float* %11, i64 11
	%212 = load float, float* %211, align 4
	%213 = getelementptr float, float* %11, i64 12
	%214 = load float, float* %213, align 4
	%215 = getelementptr float, float* %11, i64 13
	%216 = load float, float* %215, align 4
	%217 = getelementptr float, float* %11, i64 14
	%218 = load float, float* %217, align 4
	%219 = getelementptr float, float* %11, i64 15
	%220 = load float, float* %219, align 4
	%221 = add i64 %186, 0
	%222 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %221
	%223 = load float, float addrspace(3)* %222, align 4
	%224 = add i64 %184, 0
	%225 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %224
	%226 = load float, float addrspace(3)* %225, align 4
	%227 = add i64 %186, 16
	%228 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %227
	%229 = load float, float addrspace(3)* %228, align 4
	%230 = add i64 %184, 16
	%231 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %230
	%232 = load float, float addrspace(3)* %231, align 4
	%233 = add i64 %186, 32
	%234 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %233
	%235 = load float, float addrspace(3)* %234, align 4
	%236 = add i64 %184, 32
	%237 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %236
	%238 = load float, float addrspace(3)* %237, align 4
	%239 = add i64 %186, 48
	%240 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %239
	%241 = load float, float addrspace(3)* %240, align 4
	%242 = add i64 %184, 48
	%243 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %242
	%244 = load float, float addrspace(3)* %243, align 4
	%245 = call float @llvm.fmuladd.f32(float %223, float %226, float %190)
	%246 = call float @llvm.fmuladd.f32(float %223, float %232, float %192)
	%247 = call float @llvm.fmuladd.f32(float %223, float %238, float %194)
	%248 = call float @llvm.fmuladd.f32(float %223, float %244, float %196)
	%249 = call float @llvm.fmuladd.f32(float %229, float %226, float %198)
	%250 = call float @llvm.fmuladd.f32(float %229, float %232, float %200)
	%251 = call float @llvm.fmuladd.f32(float %229, float %238, float %202)
	%252 = call float @llvm.fmuladd.f32(float %229, float %244, float %204)
	%253 = call float @llvm.fmuladd.f32(float %235, float %226, float %206)
	%254 = call float @llvm.fmuladd.f32(float %235, float %232, float %208)
	%255 = call float @llvm.fmuladd.f32(float %235, float %238, float %210)
	%256 = call float @llvm.fmuladd.f32(float %235, float %244, float %212)
	%257 = call float @llvm.fmuladd.f32(float %241, float %226, float %214)
	%258 = call float @llvm.fmuladd.f32(float %241, float %232, float %216)
	%259 = call float @llvm.fmuladd.f32(float %241, float %238, float %218)
	%260 = call float @llvm.fmuladd.f32(float %241, float %244, float %220)
	%261 = add i64 %186, 64
	%262 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %261
	%263 = load float, float addrspace(3)* %262, align 4
	%264 = add i64 %184, 64
	%265 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %264
	%266 = load float, float addrspace(3)* %265, align 4
	%267 = add i64 %186, 80
	%268 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %267
	%269 = load float, float addrspace(3)* %268, align 4
	%270 = add i64 %184, 80
	%271 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %270
	%272 = load float, float addrspace(3)* %271, align 4
	%273 = add i64 %186, 96
	%274 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %273
	%275 = load float, float addrspace(3)* %274, align 4
	%276 = add i64 %184, 96
	%277 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %276
	%278 = load float, float addrspace(3)* %277, align 4
	%279 = add i64 %186, 112
	%280 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %279
	%281 = load float, float addrspace(3)* %280, align 4
	%282 = add i64 %184, 112
	%283 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %282
	%284 = load float, float addrspace(3)* %283, align 4
	%285 = call float @llvm.fmuladd.f32(float %263, float %266, float %245)
	%286 = call float @llvm.fmuladd.f32(float %263, float %272, float %246)
	%287 = call float @llvm.fmuladd.f32(float %263, float %278, float %247)
	%288 = call float @llvm.fmuladd.f32(float %263, float %284, float %248)
	%289 = call float @llvm.fmuladd.f32(float %269, float %266, float %249)
	%290 = call float @llvm.fmuladd.f32(float %269, float %272, float %250)
	%291 = call float @llvm.fmuladd.f32(float %269, float %278, float %251)
	%292 = call float @llvm.fmuladd.f32(float %269, float %284, float %252)
	%293 = call float @llvm.fmuladd.f32(float %275, float %266, float %253)
	%294 = call float @llvm.fmuladd.f32(float %275, float %272, float %254)
	%295 = call float @llvm.fmuladd.f32(float %275, float %278, float %255)
	%296 = call float @llvm.fmuladd.f32(float %275, float %284, float %256)
	%297 = call float @llvm.fmuladd.f32(float %281, float %266, float %257)
	%298 = call float @llvm.fmuladd.f32(float %281, float %272, float %258)
	%299 = call float @llvm.fmuladd.f32(float %281, float %278, float %259)
	%300 = call float @llvm.fmuladd.f32(float %281, float %284, float %260)
	%301 = add i64 %186, 128
	%302 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %301
	%303 = load float, float addrspace(3)* %302, align 4
	%304 = add i64 %184, 128
	%305 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %304
	%306 = load float, float addrspace(3)* %305, align 4
	%307 = add i64 %186, 144
	%308 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %307
	%309 = load float, float addrspace(3)* %308, align 4
	%310 = add i64 %184, 144
	%311 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %310
	%312 = load float, float addrspace(3)* %311, align 4
	%313 = add i64 %186, 160
	%314 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %313
	%315 = load float, float addrspace(3)* %314, align 4
	%316 = add i64 %184, 160
	%317 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %316
	%318 = load float, float addrspace(3)* %317, align 4
	%319 = add i64 %186, 176
	%320 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %319
	%321 = load float, float addrspace(3)* %320, align 4
	%322 = add i64 %184, 176
	%323 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %322
	%324 = load float, float addrspace(3)* %323, align 4
	%325 = call float @llvm.fmuladd.f32(float %303, float %306, float %285)
	%326 = call float @llvm.fmuladd.f32(float %303, float %312, float %286)
	%327 = call float @llvm.fmuladd.f32(float %303, float %318, float %287)
	%328 = call float @llvm.fmuladd.f32(float %303, float %324, float %288)
	%329 = call float @llvm.fmuladd.f32(float %309, float %306, float %289)
	%330 = call float @llvm.fmuladd.f32(float %309, float %312, float %290)
	%331 = call float @llvm.fmuladd.f32(float %309, float %318, float %291)
	%332 = call float @llvm.fmuladd.f32(float %309, float %324, float %292)
	%333 = call float @llvm.fmuladd.f32(float %315, float %306, float %293)
	%334 = call float @llvm.fmuladd.f32(float %315, float %312, float %294)
	%335 = call float @llvm.fmuladd.f32(float %315, float %318, float %295)
	%336 = call float @llvm.fmuladd.f32(float %315, float %324, float %296)
	%337 = call float @llvm.fmuladd.f32(float %321, float %306, float %297)
	%338 = call float @llvm.fmuladd.f32(float %321, float %312, float %298)
	%339 = call float @llvm.fmuladd.f32(float %321, float %318, float %299)
	%340 = call float @llvm.fmuladd.f32(float %321, float %324, float %300)
	%341 = add i64 %186, 192
	%342 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %341
	%343 = load float, float addrspace(3)* %342, align 4
	%344 = add i64 %184, 192
	%345 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %344
	%346 = load float, float addrspace(3)* %345, align 4
	%347 = add i64 %186, 208
	%348 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %347
	%349 = load float, float addrspace(3)* %348, align 4
	%350 = add i64 %184, 208
	%351 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %350
	%352 = load float, float addrspace(3)* %351, align 4
	%353 = add i64 %186, 224
	%354 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %353
	%355 = load float, float addrspace(3)* %354, align 4
	%356 = add i64 %184, 224
	%357 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %356
	%358 = load float, float addrspace(3)* %357, align 4
	%359 = add i64 %186, 240
	%360 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %359
	%361 = load float, float addrspace(3)* %360, align 4
	%362 = add i64 %184, 240
	%363 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %362
	%364 = load float, float addrspace(3)* %363, align 4
	%365 = call float @llvm.fmuladd.f32(float %343, float %346, float %325)
	%366 = call float @llvm.fmuladd.f32(float %343, float %352, float %326)
	%367 = call float @llvm.fmuladd.f32(float %343, float %358, float %327)
	%368 = call float @llvm.fmuladd.f32(float %343, float %364, float %328)
	%369 = call float @llvm.fmuladd.f32(float %349, float %346, float %329)
	%370 = call float @llvm.fmuladd.f32(float %349, float %352, float %330)
	%371 = call float @llvm.fmuladd.f32(float %349, float %358, float %331)
	%372 = call float @llvm.fmuladd.f32(float %349, float %364, float %332)
	%373 = call float @llvm.fmuladd.f32(float %355, float %346, float %333)
	%374 = call float @llvm.fmuladd.f32(float %355, float %352, float %334)
	%375 = call float @llvm.fmuladd.f32(float %355, float %358, float %335)
	%376 = call float @llvm.fmuladd.f32(float %355, float %364, float %336)
	%377 = call float @llvm.fmuladd.f32(float %361, float %346, float %337)
	%378 = call float @llvm.fmuladd.f32(float %361, float %352, float %338)
	%379 = call float @llvm.fmuladd.f32(float %361, float %358, float %339)
	%380 = call float @llvm.fmuladd.f32(float %361, float %364, float %340)
	%381 = add i64 %186, 256
	%382 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %381
	%383 = load float, float addrspace(3)* %382, align 4
	%384 = add i64 %184, 256
	%385 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %384
	%386 = load float, float addrspace(3)* %385, align 4
	%387 = add i64 %186, 272
	%388 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %387
	%389 = load float, float addrspace(3)* %388, align 4
	%390 = add i64 %184, 272
	%391 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %390
	%392 = load float, float addrspace(3)* %391, align 4
	%393 = add i64 %186, 288
	%394 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %393
	%395 = load float, float addrspace(3)* %394, align 4
	%396 = add i64 %184, 288
	%397 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %396
	%398 = load float, float addrspace(3)* %397, align 4
	%399 = add i64 %186, 304
	%400 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %399
	%401 = load float, float addrspace(3)* %400, align 4
	%402 = add i64 %184, 304
	%403 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %402
	%404 = load float, float addrspace(3)* %403, align 4
	%405 = call float @llvm.fmuladd.f32(float %383, float %386, float %365)
	%406 = call float @llvm.fmuladd.f32(float %383, float %392, float %366)
	%407 = call float @llvm.fmuladd.f32(float %383, float %398, float %367)
	%408 = call float @llvm.fmuladd.f32(float %383, float %404, float %368)
	%409 = call float @llvm.fmuladd.f32(float %389, float %386, float %369)
	%410 = call float @llvm.fmuladd.f32(float %389, float %392, float %370)
	%411 = call float @llvm.fmuladd.f32(float %389, float %398, float %371)
	%412 = call float @llvm.fmuladd.f32(float %389, float %404, float %372)
	%413 = call float @llvm.fmuladd.f32(float %395, float %386, float %373)
	%414 = call float @llvm.fmuladd.f32(float %395, float %392, float %374)
	%415 = call float @llvm.fmuladd.f32(float %395, float %398, float %375)
	%416 = call float @llvm.fmuladd.f32(float %395, float %404, float %376)
	%417 = call float @llvm.fmuladd.f32(float %401, float %386, float %377)
	%418 = call float @llvm.fmuladd.f32(float %401, float %392, float %378)
	%419 = call float @llvm.fmuladd.f32(float %401, float %398, float %379)
	%420 = call float @llvm.fmuladd.f32(float %401, float %404, float %380)
	%421 = add i64 %186, 320
	%422 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %421
	%423 = load float, float addrspace(3)* %422, align 4
	%424 = add i64 %184, 320
	%425 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %424
	%426 = load float, float addrspace(3)* %425, align 4
	%427 = add i64 %186, 336
	%428 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %427
	%429 = load float, float addrspace(3)* %428, align 4
	%430 = add i64 %184, 336
	%431 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %430
	%432 = load float, float addrspace(3)* %431, align 4
	%433 = add i64 %186, 352
	%434 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %433
	%435 = load float, float addrspace(3)* %434, align 4
	%436 = add i64 %184, 352
	%437 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %436
	%438 = load float, float addrspace(3)* %437, align 4
	%439 = add i64 %186, 368
	%440 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %439
	%441 = load float, float addrspace(3)* %440, align 4
	%442 = add i64 %184, 368
	%443 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %442
	%444 = load float, float addrspace(3)* %443, align 4
	%445 = call float @llvm.fmuladd.f32(float %423, float %426, float %405)
	%446 = call float @llvm.fmuladd.f32(float %423, float %432, float %406)
	%447 = call float @llvm.fmuladd.f32(float %423, float %438, float %407)
	%448 = call float @llvm.fmuladd.f32(float %423, float %444, float %408)
	%449 = call float @llvm.fmuladd.f32(float %429, float %426, float %409)
	%450 = call float @llvm.fmuladd.f32(float %429, float %432, float %410)
	%451 = call float @llvm.fmuladd.f32(float %429, float %438, float %411)
	%452 = call float @llvm.fmuladd.f32(float %429, float %444, float %412)
	%453 = call float @llvm.fmuladd.f32(float %435, float %426, float %413)
	%454 = call float @llvm.fmuladd.f32(float %435, float %432, float %414)
	%455 = call float @llvm.fmuladd.f32(float %435, float %438, float %415)
	%456 = call float @llvm.fmuladd.f32(float %435, float %444, float %416)
	%457 = call float @llvm.fmuladd.f32(float %441, float %426, float %417)
	%458 = call float @llvm.fmuladd.f32(float %441, float %432, float %418)
	%459 = call float @llvm.fmuladd.f32(float %441, float %438, float %419)
	%460 = call float @llvm.fmuladd.f32(float %441, float %444, float %420)
	%461 = add i64 %186, 384
	%462 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %461
	%463 = load float, float addrspace(3)* %462, align 4
	%464 = add i64 %184, 384
	%465 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %464
	%466 = load float, float addrspace(3)* %465, align 4
	%467 = add i64 %186, 400
	%468 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %467
	%469 = load float, float addrspace(3)* %468, align 4
	%470 = add i64 %184, 400
	%471 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %470
	%472 = load float, float addrspace(3)* %471, align 4
	%473 = add i64 %186, 416
	%474 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %473
	%475 = load float, float addrspace(3)* %474, align 4
	%476 = add i64 %184, 416
	%477 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %476
	%478 = load float, float addrspace(3)* %477, align 4
	%479 = add i64 %186, 432
	%480 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %479
	%481 = load float, float addrspace(3)* %480, align 4
	%482 = add i64 %184, 432
	%483 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %482
	%484 = load float, float addrspace(3)* %483, align 4
	%485 = call float @llvm.fmuladd.f32(float %463, float %466, float %445)
	%486 = call float @llvm.fmuladd.f32(float %463, float %472, float %446)
	%487 = call float @llvm.fmuladd.f32(float %463, float %478, float %447)
	%488 = call float @llvm.fmuladd.f32(float %463, float %484, float %448)
	%489 = call float @llvm.fmuladd.f32(float %469, float %466, float %449)
	%490 = call float @llvm.fmuladd.f32(float %469, float %472, float %450)
	%491 = call float @llvm.fmuladd.f32(float %469, float %478, float %451)
	%492 = call float @llvm.fmuladd.f32(float %469, float %484, float %452)
	%493 = call float @llvm.fmuladd.f32(float %475, float %466, float %453)
	%494 = call float @llvm.fmuladd.f32(float %475, float %472, float %454)
	%495 = call float @llvm.fmuladd.f32(float %475, float %478, float %455)
	%496 = call float @llvm.fmuladd.f32(float %475, float %484, float %456)
	%497 = call float @llvm.fmuladd.f32(float %481, float %466, float %457)
	%498 = call float @llvm.fmuladd.f32(float %481, float %472, float %458)
	%499 = call float @llvm.fmuladd.f32(float %481, float %478, float %459)
	%500 = call float @llvm.fmuladd.f32(float %481, float %484, float %460)
	%501 = add i64 %186, 448
	%502 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %501
	%503 = load float, float addrspace(3)* %502, align 4
	%504 = add i64 %184, 448
	%505 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %504
	%506 = load float, float addrspace(3)* %505, align 4
	%507 = add i64 %186, 464
	%508 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %507
	%509 = load float, float addrspace(3)* %508, align 4
	%510 = add i64 %184, 464
	%511 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %510
	%512 = load float, float addrspace(3)* %511, align 4
	%513 = add i64 %186, 480
	%514 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %513
	%515 = load float, float addrspace(3)* %514, align 4
	%516 = add i64 %184, 480
	%517 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %516
	%518 = load float, float addrspace(3)* %517, align 4
	%519 = add i64 %186, 496
	%520 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %519
	%521 = load float, float addrspace(3)* %520, align 4
	%522 = add i64 %184, 496
	%523 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %522
	%524 = load float, float addrspace(3)* %523, align 4
	%525 = call float @llvm.fmuladd.f32(float %503, float %506, float %485)
	%526 = call float @llvm.fmuladd.f32(float %503, float %512, float %486)
	%527 = call float @llvm.fmuladd.f32(float %503, float %518, float %487)
	%528 = call float @llvm.fmuladd.f32(float %503, float %524, float %488)
	%529 = call float @llvm.fmuladd.f32(float %509, float %506, float %489)
	%530 = call float @llvm.fmuladd.f32(float %509, float %512, float %490)
	%531 = call float @llvm.fmuladd.f32(float %509, float %518, float %491)
	%532 = call float @llvm.fmuladd.f32(float %509, float %524, float %492)
	%533 = call float @llvm.fmuladd.f32(float %515, float %506, float %493)
	%534 = call float @llvm.fmuladd.f32(float %515, float %512, float %494)
	%535 = call float @llvm.fmuladd.f32(float %515, float %518, float %495)
	%536 = call float @llvm.fmuladd.f32(float %515, float %524, float %496)
	%537 = call float @llvm.fmuladd.f32(float %521, float %506, float %497)
	%538 = call float @llvm.fmuladd.f32(float %521, float %512, float %498)
	%539 = call float @llvm.fmuladd.f32(float %521, float %518, float %499)
	%540 = call float @llvm.fmuladd.f32(float %521, float %524, float %500)
	%541 = add i64 %186, 512
	%542 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %541
	%543 = load float, float addrspace(3)* %542, align 4
	%544 = add i64 %184, 512
	%545 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %544
	%546 = load float, float addrspace(3)* %545, align 4
	%547 = add i64 %186, 528
	%548 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %547
	%549 = load float, float addrspace(3)* %548, align 4
	%550 = add i64 %184, 528
	%551 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %550
	%552 = load float, float addrspace(3)* %551, align 4
	%553 = add i64 %186, 544
	%554 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %553
	%555 = load float, float addrspace(3)* %554, align 4
	%556 = add i64 %184, 544
	%557 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %556
	%558 = load float, float addrspace(3)* %557, align 4
	%559 = add i64 %186, 560
	%560 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %559
	%561 = load float, float addrspace(3)* %560, align 4
	%562 = add i64 %184, 560
	%563 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %562
	%564 = load float, float addrspace(3)* %563, align 4
	%565 = call float @llvm.fmuladd.f32(float %543, float %546, float %525)
	%566 = call float @llvm.fmuladd.f32(float %543, float %552, float %526)
	%567 = call float @llvm.fmuladd.f32(float %543, float %558, float %527)
	%568 = call float @llvm.fmuladd.f32(float %543, float %564, float %528)
	%569 = call float @llvm.fmuladd.f32(float %549, float %546, float %529)
	%570 = call float @llvm.fmuladd.f32(float %549, float %552, float %530)
	%571 = call float @llvm.fmuladd.f32(float %549, float %558, float %531)
	%572 = call float @llvm.fmuladd.f32(float %549, float %564, float %532)
	%573 = call float @llvm.fmuladd.f32(float %555, float %546, float %533)
	%574 = call float @llvm.fmuladd.f32(float %555, float %552, float %534)
	%575 = call float @llvm.fmuladd.f32(float %555, float %558, float %535)
	%576 = call float @llvm.fmuladd.f32(float %555, float %564, float %536)
	%577 = call float @llvm.fmuladd.f32(float %561, float %546, float %537)
	%578 = call float @llvm.fmuladd.f32(float %561, float %552, float %538)
	%579 = call float @llvm.fmuladd.f32(float %561, float %558, float %539)
	%580 = call float @llvm.fmuladd.f32(float %561, float %564, float %540)
	%581 = add i64 %186, 576
	%582 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %581
	%583 = load float, float addrspace(3)* %582, align 4
	%584 = add i64 %184, 576
	%585 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %584
	%586 = load float, float addrspace(3)* %585, align 4
	%587 = add i64 %186, 592
	%588 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %587
	%589 = load float, float addrspace(3)* %588, align 4
	%590 = add i64 %184, 592
	%591 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %590
	%592 = load float, float addrspace(3)* %591, align 4
	%593 = add i64 %186, 608
	%594 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %593
	%595 = load float, float addrspace(3)* %594, align 4
	%596 = add i64 %184, 608
	%597 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %596
	%598 = load float, float addrspace(3)* %597, align 4
	%599 = add i64 %186, 624
	%600 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %599
	%601 = load float, float addrspace(3)* %600, align 4
	%602 = add i64 %184, 624
	%603 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %602
	%604 = load float, float addrspace(3)* %603, align 4
	%605 = call float @llvm.fmuladd.f32(float %583, float %586, float %565)
	%606 = call float @llvm.fmuladd.f32(float %583, float %592, float %566)
	%607 = call float @llvm.fmuladd.f32(float %583, float %598, float %567)
	%608 = call float @llvm.fmuladd.f32(float %583, float %604, float %568)
	%609 = call float @llvm.fmuladd.f32(float %589, float %586, float %569)
	%610 = call float @llvm.fmuladd.f32(float %589, float %592, float %570)
	%611 = call float @llvm.fmuladd.f32(float %589, float %598, float %571)
	%612 = call float @llvm.fmuladd.f32(float %589, float %604, float %572)
	%613 = call float @llvm.fmuladd.f32(float %595, float %586, float %573)
	%614 = call float @llvm.fmuladd.f32(float %595, float %592, float %574)
	%615 = call float @llvm.fmuladd.f32(float %595, float %598, float %575)
	%616 = call float @llvm.fmuladd.f32(float %595, float %604, float %576)
	%617 = call float @llvm.fmuladd.f32(float %601, float %586, float %577)
	%618 = call float @llvm.fmuladd.f32(float %601, float %592, float %578)
	%619 = call float @llvm.fmuladd.f32(float %601, float %598, float %579)
	%620 = call float @llvm.fmuladd.f32(float %601, float %604, float %580)
	%621 = add i64 %186, 640
	%622 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %621
	%623 = load float, float addrspace(3)* %622, align 4
	%624 = add i64 %184, 640
	%625 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %624
	%626 = load float, float addrspace(3)* %625, align 4
	%627 = add i64 %186, 656
	%628 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %627
	%629 = load float, float addrspace(3)* %628, align 4
	%630 = add i64 %184, 656
	%631 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %630
	%632 = load float, float addrspace(3)* %631, align 4
	%633 = add i64 %186, 672
	%634 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %633
	%635 = load float, float addrspace(3)* %634, align 4
	%636 = add i64 %184, 672
	%637 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %636
	%638 = load float, float addrspace(3)* %637, align 4
	%639 = add i64 %186, 688
	%640 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %639
	%641 = load float, float addrspace(3)* %640, align 4
	%642 = add i64 %184, 688
	%643 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %642
	%644 = load float, float addrspace(3)* %643, align 4
	%645 = call float @llvm.fmuladd.f32(float %623, float %626, float %605)
	%646 = call float @llvm.fmuladd.f32(float %623, float %632, float %606)
	%647 = call float @llvm.fmuladd.f32(float %623, float %638, float %607)
	%648 = call float @llvm.fmuladd.f32(float %623, float %644, float %608)
	%649 = call float @llvm.fmuladd.f32(float %629, float %626, float %609)
	%650 = call float @llvm.fmuladd.f32(float %629, float %632, float %610)
	%651 = call float @llvm.fmuladd.f32(float %629, float %638, float %611)
	%652 = call float @llvm.fmuladd.f32(float %629, float %644, float %612)
	%653 = call float @llvm.fmuladd.f32(float %635, float %626, float %613)
	%654 = call float @llvm.fmuladd.f32(float %635, float %632, float %614)
	%655 = call float @llvm.fmuladd.f32(float %635, float %638, float %615)
	%656 = call float @llvm.fmuladd.f32(float %635, float %644, float %616)
	%657 = call float @llvm.fmuladd.f32(float %641, float %626, float %617)
	%658 = call float @llvm.fmuladd.f32(float %641, float %632, float %618)
	%659 = call float @llvm.fmuladd.f32(float %641, float %638, float %619)
	%660 = call float @llvm.fmuladd.f32(float %641, float %644, float %620)
	%661 = add i64 %186, 704
	%662 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %661
	%663 = load float, float addrspace(3)* %662, align 4
	%664 = add i64 %184, 704
	%665 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %664
	%666 = load float, float addrspace(3)* %665, align 4
	%667 = add i64 %186, 720
	%668 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %667
	%669 = load float, float addrspace(3)* %668, align 4
	%670 = add i64 %184, 720
	%671 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %670
	%672 = load float, float addrspace(3)* %671, align 4
	%673 = add i64 %186, 736
	%674 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %673
	%675 = load float, float addrspace(3)* %674, align 4
	%676 = add i64 %184, 736
	%677 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %676
	%678 = load float, float addrspace(3)* %677, align 4
	%679 = add i64 %186, 752
	%680 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %679
	%681 = load float, float addrspace(3)* %680, align 4
	%682 = add i64 %184, 752
	%683 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %682
	%684 = load float, float addrspace(3)* %683, align 4
	%685 = call float @llvm.fmuladd.f32(float %663, float %666, float %645)
	%686 = call float @llvm.fmuladd.f32(float %663, float %672, float %646)
	%687 = call float @llvm.fmuladd.f32(float %663, float %678, float %647)
	%688 = call float @llvm.fmuladd.f32(float %663, float %684, float %648)
	%689 = call float @llvm.fmuladd.f32(float %669, float %666, float %649)
	%690 = call float @llvm.fmuladd.f32(float %669, float %672, float %650)
	%691 = call float @llvm.fmuladd.f32(float %669, float %678, float %651)
	%692 = call float @llvm.fmuladd.f32(float %669, float %684, float %652)
	%693 = call float @llvm.fmuladd.f32(float %675, float %666, float %653)
	%694 = call float @llvm.fmuladd.f32(float %675, float %672, float %654)
	%695 = call float @llvm.fmuladd.f32(float %675, float %678, float %655)
	%696 = call float @llvm.fmuladd.f32(float %675, float %684, float %656)
	%697 = call float @llvm.fmuladd.f32(float %681, float %666, float %657)
	%698 = call float @llvm.fmuladd.f32(float %681, float %672, float %658)
	%699 = call float @llvm.fmuladd.f32(float %681, float %678, float %659)
	%700 = call float @llvm.fmuladd.f32(float %681, float %684, float %660)
	%701 = add i64 %186, 768
	%702 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %701
	%703 = load float, float addrspace(3)* %702, align 4
	%704 = add i64 %184, 768
	%705 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %704
	%706 = load float, float addrspace(3)* %705, align 4
	%707 = add i64 %186, 784
	%708 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %707
	%709 = load float, float addrspace(3)* %708, align 4
	%710 = add i64 %184, 784
	%711 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %710
	%712 = load float, float addrspace(3)* %711, align 4
	%713 = add i64 %186, 800
	%714 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %713
	%715 = load float, float addrspace(3)* %714, align 4
	%716 = add i64 %184, 800
	%717 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %716
	%718 = load float, float addrspace(3)* %717, align 4
	%719 = add i64 %186, 816
	%720 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %719
	%721 = load float, float addrspace(3)* %720, align 4
	%722 = add i64 %184, 816
	%723 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %722
	%724 = load float, float addrspace(3)* %723, align 4
	%725 = call float @llvm.fmuladd.f32(float %703, float %706, float %685)
	%726 = call float @llvm.fmuladd.f32(float %703, float %712, float %686)
	%727 = call float @llvm.fmuladd.f32(float %703, float %718, float %687)
	%728 = call float @llvm.fmuladd.f32(float %703, float %724, float %688)
	%729 = call float @llvm.fmuladd.f32(float %709, float %706, float %689)
	%730 = call float @llvm.fmuladd.f32(float %709, float %712, float %690)
	%731 = call float @llvm.fmuladd.f32(float %709, float %718, float %691)
	%732 = call float @llvm.fmuladd.f32(float %709, float %724, float %692)
	%733 = call float @llvm.fmuladd.f32(float %715, float %706, float %693)
	%734 = call float @llvm.fmuladd.f32(float %715, float %712, float %694)
	%735 = call float @llvm.fmuladd.f32(float %715, float %718, float %695)
	%736 = call float @llvm.fmuladd.f32(float %715, float %724, float %696)
	%737 = call float @llvm.fmuladd.f32(float %721, float %706, float %697)
	%738 = call float @llvm.fmuladd.f32(float %721, float %712, float %698)
	%739 = call float @llvm.fmuladd.f32(float %721, float %718, float %699)
	%740 = call float @llvm.fmuladd.f32(float %721, float %724, float %700)
	%741 = add i64 %186, 832
	%742 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %741
	%743 = load float, float addrspace(3)* %742, align 4
	%744 = add i64 %184, 832
	%745 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %744
	%746 = load float, float addrspace(3)* %745, align 4
	%747 = add i64 %186, 848
	%748 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %747
	%749 = load float, float addrspace(3)* %748, align 4
	%750 = add i64 %184, 848
	%751 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %750
	%752 = load float, float addrspace(3)* %751, align 4
	%753 = add i64 %186, 864
	%754 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %753
	%755 = load float, float addrspace(3)* %754, align 4
	%756 = add i64 %184, 864
	%757 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %756
	%758 = load float, float addrspace(3)* %757, align 4
	%759 = add i64 %186, 880
	%760 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %759
	%761 = load float, float addrspace(3)* %760, align 4
	%762 = add i64 %184, 880
	%763 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %762
	%764 = load float, float addrspace(3)* %763, align 4
	%765 = call float @llvm.fmuladd.f32(float %743, float %746, float %725)
	%766 = call float @llvm.fmuladd.f32(float %743, float %752, float %726)
	%767 = call float @llvm.fmuladd.f32(float %743, float %758, float %727)
	%768 = call float @llvm.fmuladd.f32(float %743, float %764, float %728)
	%769 = call float @llvm.fmuladd.f32(float %749, float %746, float %729)
	%770 = call float @llvm.fmuladd.f32(float %749, float %752, float %730)
	%771 = call float @llvm.fmuladd.f32(float %749, float %758, float %731)
	%772 = call float @llvm.fmuladd.f32(float %749, float %764, float %732)
	%773 = call float @llvm.fmuladd.f32(float %755, float %746, float %733)
	%774 = call float @llvm.fmuladd.f32(float %755, float %752, float %734)
	%775 = call float @llvm.fmuladd.f32(float %755, float %758, float %735)
	%776 = call float @llvm.fmuladd.f32(float %755, float %764, float %736)
	%777 = call float @llvm.fmuladd.f32(float %761, float %746, float %737)
	%778 = call float @llvm.fmuladd.f32(float %761, float %752, float %738)
	%779 = call float @llvm.fmuladd.f32(float %761, float %758, float %739)
	%780 = call float @llvm.fmuladd.f32(float %761, float %764, float %740)
	%781 = add i64 %186, 896
	%782 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %781
	%783 = load float, float addrspace(3)* %782, align 4
	%784 = add i64 %184, 896
	%785 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %784
	%786 = load float, float addrspace(3)* %785, align 4
	%787 = add i64 %186, 912
	%788 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %787
	%789 = load float, float addrspace(3)* %788, align 4
	%790 = add i64 %184, 912
	%791 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %790
	%792 = load float, float addrspace(3)* %791, align 4
	%793 = add i64 %186, 928
	%794 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %793
	%795 = load float, float addrspace(3)* %794, align 4
	%796 = add i64 %184, 928
	%797 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %796
	%798 = load float, float addrspace(3)* %797, align 4
	%799 = add i64 %186, 944
	%800 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %799
	%801 = load float, float addrspace(3)* %800, align 4
	%802 = add i64 %184, 944
	%803 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %802
	%804 = load float, float addrspace(3)* %803, align 4
	%805 = call float @llvm.fmuladd.f32(float %783, float %786, float %765)
	%806 = call float @llvm.fmuladd.f32(float %783, float %792, float %766)
	%807 = call float @llvm.fmuladd.f32(float %783, float %798, float %767)
	%808 = call float @llvm.fmuladd.f32(float %783, float %804, float %768)
	%809 = call float @llvm.fmuladd.f32(float %789, float %786, float %769)
	%810 = call float @llvm.fmuladd.f32(float %789, float %792, float %770)
	%811 = call float @llvm.fmuladd.f32(float %789, float %798, float %771)
	%812 = call float @llvm.fmuladd.f32(float %789, float %804, float %772)
	%813 = call float @llvm.fmuladd.f32(float %795, float %786, float %773)
	%814 = call float @llvm.fmuladd.f32(float %795, float %792, float %774)
	%815 = call float @llvm.fmuladd.f32(float %795, float %798, float %775)
	%816 = call float @llvm.fmuladd.f32(float %795, float %804, float %776)
	%817 = call float @llvm.fmuladd.f32(float %801, float %786, float %777)
	%818 = call float @llvm.fmuladd.f32(float %801, float %792, float %778)
	%819 = call float @llvm.fmuladd.f32(float %801, float %798, float %779)
	%820 = call float @llvm.fmuladd.f32(float %801, float %804, float %780)
	%821 = add i64 %186, 960
	%822 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %821
	%823 = load float, float addrspace(3)* %822, align 4
	%824 = add i64 %184, 960
	%825 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %824
	%826 = load float, float addrspace(3)* %825, align 4
	%827 = add i64 %186, 976
	%828 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %827
	%829 = load float, float addrspace(3)* %828, align 4
	%830 = add i64 %184, 976
	%831 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %830
	%832 = load float, float addrspace(3)* %831, align 4
	%833 = add i64 %186, 992
	%834 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %833
	%835 = load float, float addrspace(3)* %834, align 4
	%836 = add i64 %184, 992
	%837 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %836
	%838 = load float, float addrspace(3)* %837, align 4
	%839 = add i64 %186, 1008
	%840 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh1, i64 0, i64 0), i64 %839
	%841 = load float, float addrspace(3)* %840, align 4
	%842 = add i64 %184, 1008
	%843 = getelementptr float, float addrspace(3)* getelementptr ([1024 x float], [1024 x float] addrspace(3)* @seqc_ptx_gemm_true_silu_sh2, i64 0, i64 0), i64 %842
	%844 = load float, float addrspace(3)* %843, align 4
	%845 = call float @llvm.fmuladd.f32(float %823, float %826, float %805)
	%846 = call float @llvm.fmuladd.f32(float %823, float %832, float %806)
	%847 = call float @llvm.fmuladd.f32(float %823, float %838, float %807)
	%848 = call float @llvm.fmuladd.f32(float %823, float %844, float %808)
	%849 = call float @llvm.fmuladd.f32(float %829, float %826, float %809)
	%850 = call float @llvm.fmuladd.f32(float %829, float %832, float %810)
	%851 = call float @llvm.fmuladd.f32(float %829, float %838, float %811)
	%852 = call float @llvm.fmuladd.f32(float %829, float %844, float %812)
	%853 = call float @llvm.fmuladd.f32(float %835, float %826, float %813)
	%854 = call float @llvm.fmuladd.f32(float %835, float %832, float %814)
	%855 = call float @llvm.fmuladd.f32(float %835, float %838, float %815)
	%856 = call float @llvm.fmuladd.f32(float %835, float %844, float %816)
	%857 = call float @llvm.fmuladd.f32(float %841, float %826, float %817)
	%858 = call float @llvm.fmuladd.f32(float %841, float %832, float %818)
	%859 = call float @llvm.fmuladd.f32(float %841, float %838, float %819)
	%860 = call float @llvm.fmuladd.f32(float %841, float %844, float %820)
	%861 = getelementptr float, float* %11, i64 0
	store float %845, float* %861, align 4
	%862 = getelementptr float, float* %11, i64 1
	store float %846, float* %862, align 4
	%863 = getelementptr float, float* %11, i64 2
	store float %847, float* %863, align 4
	%864 = getelementptr float, float* %11, i64 3
	store float %848, float* %864, align 4
	%865 = getelementptr float, float* %11, i64 4
	store float %849, float* %865, align 4
	%866 = getelementptr float, float* %11, i64 5
	store float %850, float* %866, align 4
	%867 = getelementptr float, float* %11, i64 6
	store float %851, float* %867, align 4
	%868 = getelementptr float, float* %11, i64 7
	store float %852, float* %868, align 4
	%869 = getelementptr float, float* %11, i64 8
	store float %853, float* %869, align 4
	%870 = getelementptr float, float* %11, i64 9
	store float %854, float* %870, align 4
	%871 = getelementptr float, float* %11, i64 10
	store float %855, float* %871, align 4
	%872 = getelementptr float, float* %11, i64 11
	store float %856, float* %872, align 4
	%873 = getelementptr float, float* %11, i64 12
	store float %857, float* %873, align 4
	%874 = getelementptr float, float* %11, i64 13
	store float %858, float* %874, align 4
	%875 = getelementptr float, float* %11, i64 14
	store float %859, float* %875, align 4
	%876 = getelementptr float, float* %11, i64 15
	store float %860, float* %876, align 4
	%877 = add i64 %35, 16
	%878 = icmp slt i64 %877, %i2
	br i1 %878, label %loop.1, label %loop.exit.2

if.19:
	%879 = getelementptr float, float* %11, i64 0
	%880 = load float, float* %879, align 4
	%881 = getelementptr float, float addrspace(1)* %p2, i64 %61
	%882 = load float, float addrspace(1)* %881, align 4
	%883 = fadd float %880, %882
	%884 = call float @llvm.fabs.f32(float %883)
	%885 = fneg float %884
	%886 = fcmp olt float %885, -115.0
	%887 = select i1 %886, float -115.0, float %885
	%888 = fcmp ogt float %887, 89.0
	%889 = select i1 %888, float 89.0, float %887
	%890 = call float @llvm.fmuladd.f32(float %889, float 0x3FF7154760000000, float 1.2582912e+07)
	%891 = fsub float %890, 1.2582912e+07
	%892 = call float @llvm.fmuladd.f32(float %891, float 0xBFE62E4000000000, float %889)
	%893 = call float @llvm.fmuladd.f32(float %891, float 0xBEB7F7D1C0000000, float %892)
	%894 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %893, float 0x3F81239E00000000)
	%895 = call float @llvm.fmuladd.f32(float %894, float %893, float 0x3FA5558F20000000)
	%896 = call float @llvm.fmuladd.f32(float %895, float %893, float 0x3FC5554920000000)
	%897 = call float @llvm.fmuladd.f32(float %896, float %893, float 0x3FDFFFFFC0000000)
	%898 = fmul float %893, %893
	%899 = call float @llvm.fmuladd.f32(float %897, float %898, float %893)
	%900 = fadd float %899, 1.0
	%901 = bitcast float %890 to i32
	%902 = sub i32 %901, u0x4B400000
	%903 = ashr i32 %902, 1
	%904 = sub i32 %902, %903
	%905 = add i32 %903, 127
	%906 = shl i32 %905, 23
	%907 = bitcast i32 %906 to float
	%908 = add i32 %904, 127
	%909 = shl i32 %908, 23
	%910 = bitcast i32 %909 to float
	%911 = fmul float %900, %907
	%912 = fmul float %911, %910
	%913 = fadd float 1.0, %912
	%914 = fcmp olt float %883, 0.0
	%915 = fmul float %883, %911
	%916 = select i1 %914, float %915, float %883
	%917 = select i1 %914, float %910, float 1.0
	%918 = fdiv float %916, %913
	%919 = fmul float %918, %917
	%920 = fcmp olt float %883, -115.0
	%921 = select i1 %920, float -0.0, float %919
	%922 = fcmp oeq float %883, 0xFFF0000000000000
	%923 = select i1 %922, float 0x7FF8000000000000, float %921
	%924 = mul i64 %59, %i1
	%925 = add i64 %924, %61
	%926 = getelementptr float, float addrspace(1)* %p3, i64 %925
	store float %923, float addrspace(1)* %926, align 4
	br label %if.join.20

if.join.20:
	%927 = add i64 %53, 16
	%928 = add i64 %10, %927
	%929 = icmp slt i64 %59, %i0
	%930 = icmp slt i64 %928, %i1
	%931 = and i1 %929, %930
	br i1 %931, label %if.21, label %if.join.22

if.21:
	%932 = getelementptr float, float* %11, i64 1
	%933 = load float, float* %932, align 4
	%934 = getelementptr float, float addrspace(1)* %p2, i64 %928
	%935 = load float, float addrspace(1)* %934, align 4
	%936 = fadd float %933, %935
	%937 = call float @llvm.fabs.f32(float %936)
	%938 = fneg float %937
	%939 = fcmp olt float %938, -115.0
	%940 = select i1 %939, float -115.0, float %938
	%941 = fcmp ogt float %940, 89.0
	%942 = select i1 %941, float 89.0, float %940
	%943 = call float @llvm.fmuladd.f32(float %942, float 0x3FF7154760000000, float 1.2582912e+07)
	%944 = fsub float %943, 1.2582912e+07
	%945 = call float @llvm.fmuladd.f32(float %944, float 0xBFE62E4000000000, float %942)
	%946 = call float @llvm.fmuladd.f32(float %944, float 0xBEB7F7D1C0000000, float %945)
	%947 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %946, float 0x3F81239E00000000)
	%948 = call float @llvm.fmuladd.f32(float %947, float %946, float 0x3FA5558F20000000)
	%949 = call float @llvm.fmuladd.f32(float %948, float %946, float 0x3FC5554920000000)
	%950 = call float @llvm.fmuladd.f32(float %949, float %946, float 0x3FDFFFFFC0000000)
	%951 = fmul float %946, %946
	%952 = call float @llvm.fmuladd.f32(float %950, float %951, float %946)
	%953 = fadd float %952, 1.0
	%954 = bitcast float %943 to i32
	%955 = sub i32 %954, u0x4B400000
	%956 = ashr i32 %955, 1
	%957 = sub i32 %955, %956
	%958 = add i32 %956, 127
	%959 = shl i32 %958, 23
	%960 = bitcast i32 %959 to float
	%961 = add i32 %957, 127
	%962 = shl i32 %961, 23
	%963 = bitcast i32 %962 to float
	%964 = fmul float %953, %960
	%965 = fmul float %964, %963
	%966 = fadd float 1.0, %965
	%967 = fcmp olt float %936, 0.0
	%968 = fmul float %936, %964
	%969 = select i1 %967, float %968, float %936
	%970 = select i1 %967, float %963, float 1.0
	%971 = fdiv float %969, %966
	%972 = fmul float %971, %970
	%973 = fcmp olt float %936, -115.0
	%974 = select i1 %973, float -0.0, float %972
	%975 = fcmp oeq float %936, 0xFFF0000000000000
	%976 = select i1 %975, float 0x7FF8000000000000, float %974
	%977 = mul i64 %59, %i1
	%978 = add i64 %977, %928
	%979 = getelementptr float, float addrspace(1)* %p3, i64 %978
	store float %976, float addrspace(1)* %979, align 4
	br label %if.join.22

if.join.22:
	%980 = add i64 %53, 32
	%981 = add i64 %10, %980
	%982 = icmp slt i64 %59, %i0
	%983 = icmp slt i64 %981, %i1
	%984 = and i1 %982, %983
	br i1 %984, label %if.23, label %if.join.24

if.23:
	%985 = getelementptr float, float* %11, i64 2
	%986 = load float, float* %985, align 4
	%987 = getelementptr float, float addrspace(1)* %p2, i64 %981
	%988 = load float, float addrspace(1)* %987, align 4
	%989 = fadd float %986, %988
	%990 = call float @llvm.fabs.f32(float %989)
	%991 = fneg float %990
	%992 = fcmp olt float %991, -115.0
	%993 = select i1 %992, float -115.0, float %991
	%994 = fcmp ogt float %993, 89.0
	%995 = select i1 %994, float 89.0, float %993
	%996 = call float @llvm.fmuladd.f32(float %995, float 0x3FF7154760000000, float 1.2582912e+07)
	%997 = fsub float %996, 1.2582912e+07
	%998 = call float @llvm.fmuladd.f32(float %997, float 0xBFE62E4000000000, float %995)
	%999 = call float @llvm.fmuladd.f32(float %997, float 0xBEB7F7D1C0000000, float %998)
	%1000 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %999, float 0x3F81239E00000000)
	%1001 = call float @llvm.fmuladd.f32(float %1000, float %999, float 0x3FA5558F20000000)
	%1002 = call float @llvm.fmuladd.f32(float %1001, float %999, float 0x3FC5554920000000)
	%1003 = call float @llvm.fmuladd.f32(float %1002, float %999, float 0x3FDFFFFFC0000000)
	%1004 = fmul float %999, %999
	%1005 = call float @llvm.fmuladd.f32(float %1003, float %1004, float %999)
	%1006 = fadd float %1005, 1.0
	%1007 = bitcast float %996 to i32
	%1008 = sub i32 %1007, u0x4B400000
	%1009 = ashr i32 %1008, 1
	%1010 = sub i32 %1008, %1009
	%1011 = add i32 %1009, 127
	%1012 = shl i32 %1011, 23
	%1013 = bitcast i32 %1012 to float
	%1014 = add i32 %1010, 127
	%1015 = shl i32 %1014, 23
	%1016 = bitcast i32 %1015 to float
	%1017 = fmul float %1006, %1013
	%1018 = fmul float %1017, %1016
	%1019 = fadd float 1.0, %1018
	%1020 = fcmp olt float %989, 0.0
	%1021 = fmul float %989, %1017
	%1022 = select i1 %1020, float %1021, float %989
	%1023 = select i1 %1020, float %1016, float 1.0
	%1024 = fdiv float %1022, %1019
	%1025 = fmul float %1024, %1023
	%1026 = fcmp olt float %989, -115.0
	%1027 = select i1 %1026, float -0.0, float %1025
	%1028 = fcmp oeq float %989, 0xFFF0000000000000
	%1029 = select i1 %1028, float 0x7FF8000000000000, float %1027
	%1030 = mul i64 %59, %i1
	%1031 = add i64 %1030, %981
	%1032 = getelementptr float, float addrspace(1)* %p3, i64 %1031
	store float %1029, float addrspace(1)* %1032, align 4
	br label %if.join.24

if.join.24:
	%1033 = add i64 %53, 48
	%1034 = add i64 %10, %1033
	%1035 = icmp slt i64 %59, %i0
	%1036 = icmp slt i64 %1034, %i1
	%1037 = and i1 %1035, %1036
	br i1 %1037, label %if.25, label %if.join.26

if.25:
	%1038 = getelementptr float, float* %11, i64 3
	%1039 = load float, float* %1038, align 4
	%1040 = getelementptr float, float addrspace(1)* %p2, i64 %1034
	%1041 = load float, float addrspace(1)* %1040, align 4
	%1042 = fadd float %1039, %1041
	%1043 = call float @llvm.fabs.f32(float %1042)
	%1044 = fneg float %1043
	%1045 = fcmp olt float %1044, -115.0
	%1046 = select i1 %1045, float -115.0, float %1044
	%1047 = fcmp ogt float %1046, 89.0
	%1048 = select i1 %1047, float 89.0, float %1046
	%1049 = call float @llvm.fmuladd.f32(float %1048, float 0x3FF7154760000000, float 1.2582912e+07)
	%1050 = fsub float %1049, 1.2582912e+07
	%1051 = call float @llvm.fmuladd.f32(float %1050, float 0xBFE62E4000000000, float %1048)
	%1052 = call float @llvm.fmuladd.f32(float %1050, float 0xBEB7F7D1C0000000, float %1051)
	%1053 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %1052, float 0x3F81239E00000000)
	%1054 = call float @llvm.fmuladd.f32(float %1053, float %1052, float 0x3FA5558F20000000)
	%1055 = call float @llvm.fmuladd.f32(float %1054, float %1052, float 0x3FC5554920000000)
	%1056 = call float @llvm.fmuladd.f32(float %1055, float %1052, float 0x3FDFFFFFC0000000)
	%1057 = fmul float %1052, %1052
	%1058 = call float @llvm.fmuladd.f32(float %1056, float %1057, float %1052)
	%1059 = fadd float %1058, 1.0
	%1060 = bitcast float %1049 to i32
	%1061 = sub i32 %1060, u0x4B400000
	%1062 = ashr i32 %1061, 1
	%1063 = sub i32 %1061, %1062
	%1064 = add i32 %1062, 127
	%1065 = shl i32 %1064, 23
	%1066 = bitcast i32 %1065 to float
	%1067 = add i32 %1063, 127
	%1068 = shl i32 %1067, 23
	%1069 = bitcast i32 %1068 to float
	%1070 = fmul float %1059, %1066
	%1071 = fmul float %1070, %1069
	%1072 = fadd float 1.0, %1071
	%1073 = fcmp olt float %1042, 0.0
	%1074 = fmul float %1042, %1070
	%1075 = select i1 %1073, float %1074, float %1042
	%1076 = select i1 %1073, float %1069, float 1.0
	%1077 = fdiv float %1075, %1072
	%1078 = fmul float %1077, %1076
	%1079 = fcmp olt float %1042, -115.0
	%1080 = select i1 %1079, float -0.0, float %1078
	%1081 = fcmp oeq float %1042, 0xFFF0000000000000
	%1082 = select i1 %1081, float 0x7FF8000000000000, float %1080
	%1083 = mul i64 %59, %i1
	%1084 = add i64 %1083, %1034
	%1085 = getelementptr float, float addrspace(1)* %p3, i64 %1084
	store float %1082, float addrspace(1)* %1085, align 4
	br label %if.join.26

if.join.26:
	%1086 = add i64 %55, 16
	%1087 = add i64 %9, %1086
	%1088 = add i64 %53, 0
	%1089 = add i64 %10, %1088
	%1090 = icmp slt i64 %1087, %i0
	%1091 = icmp slt i64 %1089, %i1
	%1092 = and i1 %1090, %1091
	br i1 %1092, label %if.27, label %if.join.28

if.27:
	%1093 = getelementptr float, float* %11, i64 4
	%1094 = load float, float* %1093, align 4
	%1095 = getelementptr float, float addrspace(1)* %p2, i64 %1089
	%1096 = load float, float addrspace(1)* %1095, align 4
	%1097 = fadd float %1094, %1096
	%1098 = call float @llvm.fabs.f32(float %1097)
	%1099 = fneg float %1098
	%1100 = fcmp olt float %1099, -115.0
	%1101 = select i1 %1100, float -115.0, float %1099
	%1102 = fcmp ogt float %1101, 89.0
	%1103 = select i1 %1102, float 89.0, float %1101
	%1104 = call float @llvm.fmuladd.f32(float %1103, float 0x3FF7154760000000, float 1.2582912e+07)
	%1105 = fsub float %1104, 1.2582912e+07
	%1106 = call float @llvm.fmuladd.f32(float %1105, float 0xBFE62E4000000000, float %1103)
	%1107 = call float @llvm.fmuladd.f32(float %1105, float 0xBEB7F7D1C0000000, float %1106)
	%1108 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %1107, float 0x3F81239E00000000)
	%1109 = call float @llvm.fmuladd.f32(float %1108, float %1107, float 0x3FA5558F20000000)
	%1110 = call float @llvm.fmuladd.f32(float %1109, float %1107, float 0x3FC5554920000000)
	%1111 = call float @llvm.fmuladd.f32(float %1110, float %1107, float 0x3FDFFFFFC0000000)
	%1112 = fmul float %1107, %1107
	%1113 = call float @llvm.fmuladd.f32(float %1111, float %1112, float %1107)
	%1114 = fadd float %1113, 1.0
	%1115 = bitcast float %1104 to i32
	%1116 = sub i32 %1115, u0x4B400000
	%1117 = ashr i32 %1116, 1
	%1118 = sub i32 %1116, %1117
	%1119 = add i32 %1117, 127
	%1120 = shl i32 %1119, 23
	%1121 = bitcast i32 %1120 to float
	%1122 = add i32 %1118, 127
	%1123 = shl i32 %1122, 23
	%1124 = bitcast i32 %1123 to float
	%1125 = fmul float %1114, %1121
	%1126 = fmul float %1125, %1124
	%1127 = fadd float 1.0, %1126
	%1128 = fcmp olt float %1097, 0.0
	%1129 = fmul float %1097, %1125
	%1130 = select i1 %1128, float %1129, float %1097
	%1131 = select i1 %1128, float %1124, float 1.0
	%1132 = fdiv float %1130, %1127
	%1133 = fmul float %1132, %1131
	%1134 = fcmp olt float %1097, -115.0
	%1135 = select i1 %1134, float -0.0, float %1133
	%1136 = fcmp oeq float %1097, 0xFFF0000000000000
	%1137 = select i1 %1136, float 0x7FF8000000000000, float %1135
	%1138 = mul i64 %1087, %i1
	%1139 = add i64 %1138, %1089
	%1140 = getelementptr float, float addrspace(1)* %p3, i64 %1139
	store float %1137, float addrspace(1)* %1140, align 4
	br label %if.join.28

if.join.28:
	%1141 = add i64 %53, 16
	%1142 = add i64 %10, %1141
	%1143 = icmp slt i64 %1087, %i0
	%1144 = icmp slt i64 %1142, %i1
	%1145 = and i1 %1143, %1144
	br i1 %1145, label %if.29, label %if.join.30

if.29:
	%1146 = getelementptr float, float* %11, i64 5
	%1147 = load float, float* %1146, align 4
	%1148 = getelementptr float, float addrspace(1)* %p2, i64 %1142
	%1149 = load float, float addrspace(1)* %1148, align 4
	%1150 = fadd float %1147, %1149
	%1151 = call float @llvm.fabs.f32(float %1150)
	%1152 = fneg float %1151
	%1153 = fcmp olt float %1152, -115.0
	%1154 = select i1 %1153, float -115.0, float %1152
	%1155 = fcmp ogt float %1154, 89.0
	%1156 = select i1 %1155, float 89.0, float %1154
	%1157 = call float @llvm.fmuladd.f32(float %1156, float 0x3FF7154760000000, float 1.2582912e+07)
	%1158 = fsub float %1157, 1.2582912e+07
	%1159 = call float @llvm.fmuladd.f32(float %1158, float 0xBFE62E4000000000, float %1156)
	%1160 = call float @llvm.fmuladd.f32(float %1158, float 0xBEB7F7D1C0000000, float %1159)
	%1161 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %1160, float 0x3F81239E00000000)
	%1162 = call float @llvm.fmuladd.f32(float %1161, float %1160, float 0x3FA5558F20000000)
	%1163 = call float @llvm.fmuladd.f32(float %1162, float %1160, float 0x3FC5554920000000)
	%1164 = call float @llvm.fmuladd.f32(float %1163, float %1160, float 0x3FDFFFFFC0000000)
	%1165 = fmul float %1160, %1160
	%1166 = call float @llvm.fmuladd.f32(float %1164, float %1165, float %1160)
	%1167 = fadd float %1166, 1.0
	%1168 = bitcast float %1157 to i32
	%1169 = sub i32 %1168, u0x4B400000
	%1170 = ashr i32 %1169, 1
	%1171 = sub i32 %1169, %1170
	%1172 = add i32 %1170, 127
	%1173 = shl i32 %1172, 23
	%1174 = bitcast i32 %1173 to float
	%1175 = add i32 %1171, 127
	%1176 = shl i32 %1175, 23
	%1177 = bitcast i32 %1176 to float
	%1178 = fmul float %1167, %1174
	%1179 = fmul float %1178, %1177
	%1180 = fadd float 1.0, %1179
	%1181 = fcmp olt float %1150, 0.0
	%1182 = fmul float %1150, %1178
	%1183 = select i1 %1181, float %1182, float %1150
	%1184 = select i1 %1181, float %1177, float 1.0
	%1185 = fdiv float %1183, %1180
	%1186 = fmul float %1185, %1184
	%1187 = fcmp olt float %1150, -115.0
	%1188 = select i1 %1187, float -0.0, float %1186
	%1189 = fcmp oeq float %1150, 0xFFF0000000000000
	%1190 = select i1 %1189, float 0x7FF8000000000000, float %1188
	%1191 = mul i64 %1087, %i1
	%1192 = add i64 %1191, %1142
	%1193 = getelementptr float, float addrspace(1)* %p3, i64 %1192
	store float %1190, float addrspace(1)* %1193, align 4
	br label %if.join.30

if.join.30:
	%1194 = add i64 %53, 32
	%1195 = add i64 %10, %1194
	%1196 = icmp slt i64 %1087, %i0
	%1197 = icmp slt i64 %1195, %i1
	%1198 = and i1 %1196, %1197
	br i1 %1198, label %if.31, label %if.join.32

if.31:
	%1199 = getelementptr float, float* %11, i64 6
	%1200 = load float, float* %1199, align 4
	%1201 = getelementptr float, float addrspace(1)* %p2, i64 %1195
	%1202 = load float, float addrspace(1)* %1201, align 4
	%1203 = fadd float %1200, %1202
	%1204 = call float @llvm.fabs.f32(float %1203)
	%1205 = fneg float %1204
	%1206 = fcmp olt float %1205, -115.0
	%1207 = select i1 %1206, float -115.0, float %1205
	%1208 = fcmp ogt float %1207, 89.0
	%1209 = select i1 %1208, float 89.0, float %1207
	%1210 = call float @llvm.fmuladd.f32(float %1209, float 0x3FF7154760000000, float 1.2582912e+07)
	%1211 = fsub float %1210, 1.2582912e+07
	%1212 = call float @llvm.fmuladd.f32(float %1211, float 0xBFE62E4000000000, float %1209)
	%1213 = call float @llvm.fmuladd.f32(float %1211, float 0xBEB7F7D1C0000000, float %1212)
	%1214 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %1213, float 0x3F81239E00000000)
	%1215 = call float @llvm.fmuladd.f32(float %1214, float %1213, float 0x3FA5558F20000000)
	%1216 = call float @llvm.fmuladd.f32(float %1215, float %1213, float 0x3FC5554920000000)
	%1217 = call float @llvm.fmuladd.f32(float %1216, float %1213, float 0x3FDFFFFFC0000000)
	%1218 = fmul float %1213, %1213
	%1219 = call float @llvm.fmuladd.f32(float %1217, float %1218, float %1213)
	%1220 = fadd float %1219, 1.0
	%1221 = bitcast float %1210 to i32
	%1222 = sub i32 %1221, u0x4B400000
	%1223 = ashr i32 %1222, 1
	%1224 = sub i32 %1222, %1223
	%1225 = add i32 %1223, 127
	%1226 = shl i32 %1225, 23
	%1227 = bitcast i32 %1226 to float
	%1228 = add i32 %1224, 127
	%1229 = shl i32 %1228, 23
	%1230 = bitcast i32 %1229 to float
	%1231 = fmul float %1220, %1227
	%1232 = fmul float %1231, %1230
	%1233 = fadd float 1.0, %1232
	%1234 = fcmp olt float %1203, 0.0
	%1235 = fmul float %1203, %1231
	%1236 = select i1 %1234, float %1235, float %1203
	%1237 = select i1 %1234, float %1230, float 1.0
	%1238 = fdiv float %1236, %1233
	%1239 = fmul float %1238, %1237
	%1240 = fcmp olt float %1203, -115.0
	%1241 = select i1 %1240, float -0.0, float %1239
	%1242 = fcmp oeq float %1203, 0xFFF0000000000000
	%1243 = select i1 %1242, float 0x7FF8000000000000, float %1241
	%1244 = mul i64 %1087, %i1
	%1245 = add i64 %1244, %1195
	%1246 = getelementptr float, float addrspace(1)* %p3, i64 %1245
	store float %1243, float addrspace(1)* %1246, align 4
	br label %if.join.32

if.join.32:
	%1247 = add i64 %53, 48
	%1248 = add i64 %10, %1247
	%1249 = icmp slt i64 %1087, %i0
	%1250 = icmp slt i64 %1248, %i1
	%1251 = and i1 %1249, %1250
	br i1 %1251, label %if.33, label %if.join.34

if.33:
	%1252 = getelementptr float, float* %11, i64 7
	%1253 = load float, float* %1252, align 4
	%1254 = getelementptr float, float addrspace(1)* %p2, i64 %1248
	%1255 = load float, float addrspace(1)* %1254, align 4
	%1256 = fadd float %1253, %1255
	%1257 = call float @llvm.fabs.f32(float %1256)
	%1258 = fneg float %1257
	%1259 = fcmp olt float %1258, -115.0
	%1260 = select i1 %1259, float -115.0, float %1258
	%1261 = fcmp ogt float %1260, 89.0
	%1262 = select i1 %1261, float 89.0, float %1260
	%1263 = call float @llvm.fmuladd.f32(float %1262, float 0x3FF7154760000000, float 1.2582912e+07)
	%1264 = fsub float %1263, 1.2582912e+07
	%1265 = call float @llvm.fmuladd.f32(float %1264, float 0xBFE62E4000000000, float %1262)
	%1266 = call float @llvm.fmuladd.f32(float %1264, float 0xBEB7F7D1C0000000, float %1265)
	%1267 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %1266, float 0x3F81239E00000000)
	%1268 = call float @llvm.fmuladd.f32(float %1267, float %1266, float 0x3FA5558F20000000)
	%1269 = call float @llvm.fmuladd.f32(float %1268, float %1266, float 0x3FC5554920000000)
	%1270 = call float @llvm.fmuladd.f32(float %1269, float %1266, float 0x3FDFFFFFC0000000)
	%1271 = fmul float %1266, %1266
	%1272 = call float @llvm.fmuladd.f32(float %1270, float %1271, float %1266)
	%1273 = fadd float %1272, 1.0
	%1274 = bitcast float %1263 to i32
	%1275 = sub i32 %1274, u0x4B400000
	%1276 = ashr i32 %1275, 1
	%1277 = sub i32 %1275, %1276
	%1278 = add i32 %1276, 127
	%1279 = shl i32 %1278, 23
	%1280 = bitcast i32 %1279 to float
	%1281 = add i32 %1277, 127
	%1282 = shl i32 %1281, 23
	%1283 = bitcast i32 %1282 to float
	%1284 = fmul float %1273, %1280
	%1285 = fmul float %1284, %1283
	%1286 = fadd float 1.0, %1285
	%1287 = fcmp olt float %1256, 0.0
	%1288 = fmul float %1256, %1284
	%1289 = select i1 %1287, float %1288, float %1256
	%1290 = select i1 %1287, float %1283, float 1.0
	%1291 = fdiv float %1289, %1286
	%1292 = fmul float %1291, %1290
	%1293 = fcmp olt float %1256, -115.0
	%1294 = select i1 %1293, float -0.0, float %1292
	%1295 = fcmp oeq float %1256, 0xFFF0000000000000
	%1296 = select i1 %1295, float 0x7FF8000000000000, float %1294
	%1297 = mul i64 %1087, %i1
	%1298 = add i64 %1297, %1248
	%1299 = getelementptr float, float addrspace(1)* %p3, i64 %1298
	store float %1296, float addrspace(1)* %1299, align 4
	br label %if.join.34

if.join.34:
	%1300 = add i64 %55, 32
	%1301 = add i64 %9, %1300
	%1302 = add i64 %53, 0
	%1303 = add i64 %10, %1302
	%1304 = icmp slt i64 %1301, %i0
	%1305 = icmp slt i64 %1303, %i1
	%1306 = and i1 %1304, %1305
	br i1 %1306, label %if.35, label %if.join.36

if.35:
	%1307 = getelementptr float, float* %11, i64 8
	%1308 = load float, float* %1307, align 4
	%1309 = getelementptr float, float addrspace(1)* %p2, i64 %1303
	%1310 = load float, float addrspace(1)* %1309, align 4
	%1311 = fadd float %1308, %1310
	%1312 = call float @llvm.fabs.f32(float %1311)
	%1313 = fneg float %1312
	%1314 = fcmp olt float %1313, -115.0
	%1315 = select i1 %1314, float -115.0, float %1313
	%1316 = fcmp ogt float %1315, 89.0
	%1317 = select i1 %1316, float 89.0, float %1315
	%1318 = call float @llvm.fmuladd.f32(float %1317, float 0x3FF7154760000000, float 1.2582912e+07)
	%1319 = fsub float %1318, 1.2582912e+07
	%1320 = call float @llvm.fmuladd.f32(float %1319, float 0xBFE62E4000000000, float %1317)
	%1321 = call float @llvm.fmuladd.f32(float %1319, float 0xBEB7F7D1C0000000, float %1320)
	%1322 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %1321, float 0x3F81239E00000000)
	%1323 = call float @llvm.fmuladd.f32(float %1322, float %1321, float 0x3FA5558F20000000)
	%1324 = call float @llvm.fmuladd.f32(float %1323, float %1321, float 0x3FC5554920000000)
	%1325 = call float @llvm.fmuladd.f32(float %1324, float %1321, float 0x3FDFFFFFC0000000)
	%1326 = fmul float %1321, %1321
	%1327 = call float @llvm.fmuladd.f32(float %1325, float %1326, float %1321)
	%1328 = fadd float %1327, 1.0
	%1329 = bitcast float %1318 to i32
	%1330 = sub i32 %1329, u0x4B400000
	%1331 = ashr i32 %1330, 1
	%1332 = sub i32 %1330, %1331
	%1333 = add i32 %1331, 127
	%1334 = shl i32 %1333, 23
	%1335 = bitcast i32 %1334 to float
	%1336 = add i32 %1332, 127
	%1337 = shl i32 %1336, 23
	%1338 = bitcast i32 %1337 to float
	%1339 = fmul float %1328, %1335
	%1340 = fmul float %1339, %1338
	%1341 = fadd float 1.0, %1340
	%1342 = fcmp olt float %1311, 0.0
	%1343 = fmul float %1311, %1339
	%1344 = select i1 %1342, float %1343, float %1311
	%1345 = select i1 %1342, float %1338, float 1.0
	%1346 = fdiv float %1344, %1341
	%1347 = fmul float %1346, %1345
	%1348 = fcmp olt float %1311, -115.0
	%1349 = select i1 %1348, float -0.0, float %1347
	%1350 = fcmp oeq float %1311, 0xFFF0000000000000
	%1351 = select i1 %1350, float 0x7FF8000000000000, float %1349
	%1352 = mul i64 %1301, %i1
	%1353 = add i64 %1352, %1303
	%1354 = getelementptr float, float addrspace(1)* %p3, i64 %1353
	store float %1351, float addrspace(1)* %1354, align 4
	br label %if.join.36

if.join.36:
	%1355 = add i64 %53, 16
	%1356 = add i64 %10, %1355
	%1357 = icmp slt i64 %1301, %i0
	%1358 = icmp slt i64 %1356, %i1
	%1359 = and i1 %1357, %1358
	br i1 %1359, label %if.37, label %if.join.38

if.37:
	%1360 = getelementptr float, float* %11, i64 9
	%1361 = load float, float* %1360, align 4
	%1362 = getelementptr float, float addrspace(1)* %p2, i64 %1356
	%1363 = load float, float addrspace(1)* %1362, align 4
	%1364 = fadd float %1361, %1363
	%1365 = call float @llvm.fabs.f32(float %1364)
	%1366 = fneg float %1365
	%1367 = fcmp olt float %1366, -115.0
	%1368 = select i1 %1367, float -115.0, float %1366
	%1369 = fcmp ogt float %1368, 89.0
	%1370 = select i1 %1369, float 89.0, float %1368
	%1371 = call float @llvm.fmuladd.f32(float %1370, float 0x3FF7154760000000, float 1.2582912e+07)
	%1372 = fsub float %1371, 1.2582912e+07
	%1373 = call float @llvm.fmuladd.f32(float %1372, float 0xBFE62E4000000000, float %1370)
	%1374 = call float @llvm.fmuladd.f32(float %1372, float 0xBEB7F7D1C0000000, float %1373)
	%1375 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %1374, float 0x3F81239E00000000)
	%1376 = call float @llvm.fmuladd.f32(float %1375, float %1374, float 0x3FA5558F20000000)
	%1377 = call float @llvm.fmuladd.f32(float %1376, float %1374, float 0x3FC5554920000000)
	%1378 = call float @llvm.fmuladd.f32(float %1377, float %1374, float 0x3FDFFFFFC0000000)
	%1379 = fmul float %1374, %1374
	%1380 = call float @llvm.fmuladd.f32(float %1378, float %1379, float %1374)
	%1381 = fadd float %1380, 1.0
	%1382 = bitcast float %1371 to i32
	%1383 = sub i32 %1382, u0x4B400000
	%1384 = ashr i32 %1383, 1
	%1385 = sub i32 %1383, %1384
	%1386 = add i32 %1384, 127
	%1387 = shl i32 %1386, 23
	%1388 = bitcast i32 %1387 to float
	%1389 = add i32 %1385, 127
	%1390 = shl i32 %1389, 23
	%1391 = bitcast i32 %1390 to float
	%1392 = fmul float %1381, %1388
	%1393 = fmul float %1392, %1391
	%1394 = fadd float 1.0, %1393
	%1395 = fcmp olt float %1364, 0.0
	%1396 = fmul float %1364, %1392
	%1397 = select i1 %1395, float %1396, float %1364
	%1398 = select i1 %1395, float %1391, float 1.0
	%1399 = fdiv float %1397, %1394
	%1400 = fmul float %1399, %1398
	%1401 = fcmp olt float %1364, -115.0
	%1402 = select i1 %1401, float -0.0, float %1400
	%1403 = fcmp oeq float %1364, 0xFFF0000000000000
	%1404 = select i1 %1403, float 0x7FF8000000000000, float %1402
	%1405 = mul i64 %1301, %i1
	%1406 = add i64 %1405, %1356
	%1407 = getelementptr float, float addrspace(1)* %p3, i64 %1406
	store float %1404, float addrspace(1)* %1407, align 4
	br label %if.join.38

if.join.38:
	%1408 = add i64 %53, 32
	%1409 = add i64 %10, %1408
	%1410 = icmp slt i64 %1301, %i0
	%1411 = icmp slt i64 %1409, %i1
	%1412 = and i1 %1410, %1411
	br i1 %1412, label %if.39, label %if.join.40

if.39:
	%1413 = getelementptr float, float* %11, i64 10
	%1414 = load float, float* %1413, align 4
	%1415 = getelementptr float, float addrspace(1)* %p2, i64 %1409
	%1416 = load float, float addrspace(1)* %1415, align 4
	%1417 = fadd float %1414, %1416
	%1418 = call float @llvm.fabs.f32(float %1417)
	%1419 = fneg float %1418
	%1420 = fcmp olt float %1419, -115.0
	%1421 = select i1 %1420, float -115.0, float %1419
	%1422 = fcmp ogt float %1421, 89.0
	%1423 = select i1 %1422, float 89.0, float %1421
	%1424 = call float @llvm.fmuladd.f32(float %1423, float 0x3FF7154760000000, float 1.2582912e+07)
	%1425 = fsub float %1424, 1.2582912e+07
	%1426 = call float @llvm.fmuladd.f32(float %1425, float 0xBFE62E4000000000, float %1423)
	%1427 = call float @llvm.fmuladd.f32(float %1425, float 0xBEB7F7D1C0000000, float %1426)
	%1428 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %1427, float 0x3F81239E00000000)
	%1429 = call float @llvm.fmuladd.f32(float %1428, float %1427, float 0x3FA5558F20000000)
	%1430 = call float @llvm.fmuladd.f32(float %1429, float %1427, float 0x3FC5554920000000)
	%1431 = call float @llvm.fmuladd.f32(float %1430, float %1427, float 0x3FDFFFFFC0000000)
	%1432 = fmul float %1427, %1427
	%1433 = call float @llvm.fmuladd.f32(float %1431, float %1432, float %1427)
	%1434 = fadd float %1433, 1.0
	%1435 = bitcast float %1424 to i32
	%1436 = sub i32 %1435, u0x4B400000
	%1437 = ashr i32 %1436, 1
	%1438 = sub i32 %1436, %1437
	%1439 = add i32 %1437, 127
	%1440 = shl i32 %1439, 23
	%1441 = bitcast i32 %1440 to float
	%1442 = add i32 %1438, 127
	%1443 = shl i32 %1442, 23
	%1444 = bitcast i32 %1443 to float
	%1445 = fmul float %1434, %1441
	%1446 = fmul float %1445, %1444
	%1447 = fadd float 1.0, %1446
	%1448 = fcmp olt float %1417, 0.0
	%1449 = fmul float %1417, %1445
	%1450 = select i1 %1448, float %1449, float %1417
	%1451 = select i1 %1448, float %1444, float 1.0
	%1452 = fdiv float %1450, %1447
	%1453 = fmul float %1452, %1451
	%1454 = fcmp olt float %1417, -115.0
	%1455 = select i1 %1454, float -0.0, float %1453
	%1456 = fcmp oeq float %1417, 0xFFF0000000000000
	%1457 = select i1 %1456, float 0x7FF8000000000000, float %1455
	%1458 = mul i64 %1301, %i1
	%1459 = add i64 %1458, %1409
	%1460 = getelementptr float, float addrspace(1)* %p3, i64 %1459
	store float %1457, float addrspace(1)* %1460, align 4
	br label %if.join.40

if.join.40:
	%1461 = add i64 %53, 48
	%1462 = add i64 %10, %1461
	%1463 = icmp slt i64 %1301, %i0
	%1464 = icmp slt i64 %1462, %i1
	%1465 = and i1 %1463, %1464
	br i1 %1465, label %if.41, label %if.join.42

if.41:
	%1466 = getelementptr float, float* %11, i64 11
	%1467 = load float, float* %1466, align 4
	%1468 = getelementptr float, float addrspace(1)* %p2, i64 %1462
	%1469 = load float, float addrspace(1)* %1468, align 4
	%1470 = fadd float %1467, %1469
	%1471 = call float @llvm.fabs.f32(float %1470)
	%1472 = fneg float %1471
	%1473 = fcmp olt float %1472, -115.0
	%1474 = select i1 %1473, float -115.0, float %1472
	%1475 = fcmp ogt float %1474, 89.0
	%1476 = select i1 %1475, float 89.0, float %1474
	%1477 = call float @llvm.fmuladd.f32(float %1476, float 0x3FF7154760000000, float 1.2582912e+07)
	%1478 = fsub float %1477, 1.2582912e+07
	%1479 = call float @llvm.fmuladd.f32(float %1478, float 0xBFE62E4000000000, float %1476)
	%1480 = call float @llvm.fmuladd.f32(float %1478, float 0xBEB7F7D1C0000000, float %1479)
	%1481 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %1480, float 0x3F81239E00000000)
	%1482 = call float @llvm.fmuladd.f32(float %1481, float %1480, float 0x3FA5558F20000000)
	%1483 = call float @llvm.fmuladd.f32(float %1482, float %1480, float 0x3FC5554920000000)
	%1484 = call float @llvm.fmuladd.f32(float %1483, float %1480, float 0x3FDFFFFFC0000000)
	%1485 = fmul float %1480, %1480
	%1486 = call float @llvm.fmuladd.f32(float %1484, float %1485, float %1480)
	%1487 = fadd float %1486, 1.0
	%1488 = bitcast float %1477 to i32
	%1489 = sub i32 %1488, u0x4B400000
	%1490 = ashr i32 %1489, 1
	%1491 = sub i32 %1489, %1490
	%1492 = add i32 %1490, 127
	%1493 = shl i32 %1492, 23
	%1494 = bitcast i32 %1493 to float
	%1495 = add i32 %1491, 127
	%1496 = shl i32 %1495, 23
	%1497 = bitcast i32 %1496 to float
	%1498 = fmul float %1487, %1494
	%1499 = fmul float %1498, %1497
	%1500 = fadd float 1.0, %1499
	%1501 = fcmp olt float %1470, 0.0
	%1502 = fmul float %1470, %1498
	%1503 = select i1 %1501, float %1502, float %1470
	%1504 = select i1 %1501, float %1497, float 1.0
	%1505 = fdiv float %1503, %1500
	%1506 = fmul float %1505, %1504
	%1507 = fcmp olt float %1470, -115.0
	%1508 = select i1 %1507, float -0.0, float %1506
	%1509 = fcmp oeq float %1470, 0xFFF0000000000000
	%1510 = select i1 %1509, float 0x7FF8000000000000, float %1508
	%1511 = mul i64 %1301, %i1
	%1512 = add i64 %1511, %1462
	%1513 = getelementptr float, float addrspace(1)* %p3, i64 %1512
	store float %1510, float addrspace(1)* %1513, align 4
	br label %if.join.42

if.join.42:
	%1514 = add i64 %55, 48
	%1515 = add i64 %9, %1514
	%1516 = add i64 %53, 0
	%1517 = add i64 %10, %1516
	%1518 = icmp slt i64 %1515, %i0
	%1519 = icmp slt i64 %1517, %i1
	%1520 = and i1 %1518, %1519
	br i1 %1520, label %if.43, label %if.join.44

if.43:
	%1521 = getelementptr float, float* %11, i64 12
	%1522 = load float, float* %1521, align 4
	%1523 = getelementptr float, float addrspace(1)* %p2, i64 %1517
	%1524 = load float, float addrspace(1)* %1523, align 4
	%1525 = fadd float %1522, %1524
	%1526 = call float @llvm.fabs.f32(float %1525)
	%1527 = fneg float %1526
	%1528 = fcmp olt float %1527, -115.0
	%1529 = select i1 %1528, float -115.0, float %1527
	%1530 = fcmp ogt float %1529, 89.0
	%1531 = select i1 %1530, float 89.0, float %1529
	%1532 = call float @llvm.fmuladd.f32(float %1531, float 0x3FF7154760000000, float 1.2582912e+07)
	%1533 = fsub float %1532, 1.2582912e+07
	%1534 = call float @llvm.fmuladd.f32(float %1533, float 0xBFE62E4000000000, float %1531)
	%1535 = call float @llvm.fmuladd.f32(float %1533, float 0xBEB7F7D1C0000000, float %1534)
	%1536 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %1535, float 0x3F81239E00000000)
	%1537 = call float @llvm.fmuladd.f32(float %1536, float %1535, float 0x3FA5558F20000000)
	%1538 = call float @llvm.fmuladd.f32(float %1537, float %1535, float 0x3FC5554920000000)
	%1539 = call float @llvm.fmuladd.f32(float %1538, float %1535, float 0x3FDFFFFFC0000000)
	%1540 = fmul float %1535, %1535
	%1541 = call float @llvm.fmuladd.f32(float %1539, float %1540, float %1535)
	%1542 = fadd float %1541, 1.0
	%1543 = bitcast float %1532 to i32
	%1544 = sub i32 %1543, u0x4B400000
	%1545 = ashr i32 %1544, 1
	%1546 = sub i32 %1544, %1545
	%1547 = add i32 %1545, 127
	%1548 = shl i32 %1547, 23
	%1549 = bitcast i32 %1548 to float
	%1550 = add i32 %1546, 127
	%1551 = shl i32 %1550, 23
	%1552 = bitcast i32 %1551 to float
	%1553 = fmul float %1542, %1549
	%1554 = fmul float %1553, %1552
	%1555 = fadd float 1.0, %1554
	%1556 = fcmp olt float %1525, 0.0
	%1557 = fmul float %1525, %1553
	%1558 = select i1 %1556, float %1557, float %1525
	%1559 = select i1 %1556, float %1552, float 1.0
	%1560 = fdiv float %1558, %1555
	%1561 = fmul float %1560, %1559
	%1562 = fcmp olt float %1525, -115.0
	%1563 = select i1 %1562, float -0.0, float %1561
	%1564 = fcmp oeq float %1525, 0xFFF0000000000000
	%1565 = select i1 %1564, float 0x7FF8000000000000, float %1563
	%1566 = mul i64 %1515, %i1
	%1567 = add i64 %1566, %1517
	%1568 = getelementptr float, float addrspace(1)* %p3, i64 %1567
	store float %1565, float addrspace(1)* %1568, align 4
	br label %if.join.44

if.join.44:
	%1569 = add i64 %53, 16
	%1570 = add i64 %10, %1569
	%1571 = icmp slt i64 %1515, %i0
	%1572 = icmp slt i64 %1570, %i1
	%1573 = and i1 %1571, %1572
	br i1 %1573, label %if.45, label %if.join.46

if.45:
	%1574 = getelementptr float, float* %11, i64 13
	%1575 = load float, float* %1574, align 4
	%1576 = getelementptr float, float addrspace(1)* %p2, i64 %1570
	%1577 = load float, float addrspace(1)* %1576, align 4
	%1578 = fadd float %1575, %1577
	%1579 = call float @llvm.fabs.f32(float %1578)
	%1580 = fneg float %1579
	%1581 = fcmp olt float %1580, -115.0
	%1582 = select i1 %1581, float -115.0, float %1580
	%1583 = fcmp ogt float %1582, 89.0
	%1584 = select i1 %1583, float 89.0, float %1582
	%1585 = call float @llvm.fmuladd.f32(float %1584, float 0x3FF7154760000000, float 1.2582912e+07)
	%1586 = fsub float %1585, 1.2582912e+07
	%1587 = call float @llvm.fmuladd.f32(float %1586, float 0xBFE62E4000000000, float %1584)
	%1588 = call float @llvm.fmuladd.f32(float %1586, float 0xBEB7F7D1C0000000, float %1587)
	%1589 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %1588, float 0x3F81239E00000000)
	%1590 = call float @llvm.fmuladd.f32(float %1589, float %1588, float 0x3FA5558F20000000)
	%1591 = call float @llvm.fmuladd.f32(float %1590, float %1588, float 0x3FC5554920000000)
	%1592 = call float @llvm.fmuladd.f32(float %1591, float %1588, float 0x3FDFFFFFC0000000)
	%1593 = fmul float %1588, %1588
	%1594 = call float @llvm.fmuladd.f32(float %1592, float %1593, float %1588)
	%1595 = fadd float %1594, 1.0
	%1596 = bitcast float %1585 to i32
	%1597 = sub i32 %1596, u0x4B400000
	%1598 = ashr i32 %1597, 1
	%1599 = sub i32 %1597, %1598
	%1600 = add i32 %1598, 127
	%1601 = shl i32 %1600, 23
	%1602 = bitcast i32 %1601 to float
	%1603 = add i32 %1599, 127
	%1604 = shl i32 %1603, 23
	%1605 = bitcast i32 %1604 to float
	%1606 = fmul float %1595, %1602
	%1607 = fmul float %1606, %1605
	%1608 = fadd float 1.0, %1607
	%1609 = fcmp olt float %1578, 0.0
	%1610 = fmul float %1578, %1606
	%1611 = select i1 %1609, float %1610, float %1578
	%1612 = select i1 %1609, float %1605, float 1.0
	%1613 = fdiv float %1611, %1608
	%1614 = fmul float %1613, %1612
	%1615 = fcmp olt float %1578, -115.0
	%1616 = select i1 %1615, float -0.0, float %1614
	%1617 = fcmp oeq float %1578, 0xFFF0000000000000
	%1618 = select i1 %1617, float 0x7FF8000000000000, float %1616
	%1619 = mul i64 %1515, %i1
	%1620 = add i64 %1619, %1570
	%1621 = getelementptr float, float addrspace(1)* %p3, i64 %1620
	store float %1618, float addrspace(1)* %1621, align 4
	br label %if.join.46

if.join.46:
	%1622 = add i64 %53, 32
	%1623 = add i64 %10, %1622
	%1624 = icmp slt i64 %1515, %i0
	%1625 = icmp slt i64 %1623, %i1
	%1626 = and i1 %1624, %1625
	br i1 %1626, label %if.47, label %if.join.48

if.47:
	%1627 = getelementptr float, float* %11, i64 14
	%1628 = load float, float* %1627, align 4
	%1629 = getelementptr float, float addrspace(1)* %p2, i64 %1623
	%1630 = load float, float addrspace(1)* %1629, align 4
	%1631 = fadd float %1628, %1630
	%1632 = call float @llvm.fabs.f32(float %1631)
	%1633 = fneg float %1632
	%1634 = fcmp olt float %1633, -115.0
	%1635 = select i1 %1634, float -115.0, float %1633
	%1636 = fcmp ogt float %1635, 89.0
	%1637 = select i1 %1636, float 89.0, float %1635
	%1638 = call float @llvm.fmuladd.f32(float %1637, float 0x3FF7154760000000, float 1.2582912e+07)
	%1639 = fsub float %1638, 1.2582912e+07
	%1640 = call float @llvm.fmuladd.f32(float %1639, float 0xBFE62E4000000000, float %1637)
	%1641 = call float @llvm.fmuladd.f32(float %1639, float 0xBEB7F7D1C0000000, float %1640)
	%1642 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %1641, float 0x3F81239E00000000)
	%1643 = call float @llvm.fmuladd.f32(float %1642, float %1641, float 0x3FA5558F20000000)
	%1644 = call float @llvm.fmuladd.f32(float %1643, float %1641, float 0x3FC5554920000000)
	%1645 = call float @llvm.fmuladd.f32(float %1644, float %1641, float 0x3FDFFFFFC0000000)
	%1646 = fmul float %1641, %1641
	%1647 = call float @llvm.fmuladd.f32(float %1645, float %1646, float %1641)
	%1648 = fadd float %1647, 1.0
	%1649 = bitcast float %1638 to i32
	%1650 = sub i32 %1649, u0x4B400000
	%1651 = ashr i32 %1650, 1
	%1652 = sub i32 %1650, %1651
	%1653 = add i32 %1651, 127
	%1654 = shl i32 %1653, 23
	%1655 = bitcast i32 %1654 to float
	%1656 = add i32 %1652, 127
	%1657 = shl i32 %1656, 23
	%1658 = bitcast i32 %1657 to float
	%1659 = fmul float %1648, %1655
	%1660 = fmul float %1659, %1658
	%1661 = fadd float 1.0, %1660
	%1662 = fcmp olt float %1631, 0.0
	%1663 = fmul float %1631, %1659
	%1664 = select i1 %1662, float %1663, float %1631
	%1665 = select i1 %1662, float %1658, float 1.0
	%1666 = fdiv float %1664, %1661
	%1667 = fmul float %1666, %1665
	%1668 = fcmp olt float %1631, -115.0
	%1669 = select i1 %1668, float -0.0, float %1667
	%1670 = fcmp oeq float %1631, 0xFFF0000000000000
	%1671 = select i1 %1670, float 0x7FF8000000000000, float %1669
	%1672 = mul i64 %1515, %i1
	%1673 = add i64 %1672, %1623
	%1674 = getelementptr float, float addrspace(1)* %p3, i64 %1673
	store float %1671, float addrspace(1)* %1674, align 4
	br label %if.join.48

if.join.48:
	%1675 = add i64 %53, 48
	%1676 = add i64 %10, %1675
	%1677 = icmp slt i64 %1515, %i0
	%1678 = icmp slt i64 %1676, %i1
	%1679 = and i1 %1677, %1678
	br i1 %1679, label %if.49, label %if.join.50

if.49:
	%1680 = getelementptr float, float* %11, i64 15
	%1681 = load float, float* %1680, align 4
	%1682 = getelementptr float, float addrspace(1)* %p2, i64 %1676
	%1683 = load float, float addrspace(1)* %1682, align 4
	%1684 = fadd float %1681, %1683
	%1685 = call float @llvm.fabs.f32(float %1684)
	%1686 = fneg float %1685
	%1687 = fcmp olt float %1686, -115.0
	%1688 = select i1 %1687, float -115.0, float %1686
	%1689 = fcmp ogt float %1688, 89.0
	%1690 = select i1 %1689, float 89.0, float %1688
	%1691 = call float @llvm.fmuladd.f32(float %1690, float 0x3FF7154760000000, float 1.2582912e+07)
	%1692 = fsub float %1691, 1.2582912e+07
	%1693 = call float @llvm.fmuladd.f32(float %1692, float 0xBFE62E4000000000, float %1690)
	%1694 = call float @llvm.fmuladd.f32(float %1692, float 0xBEB7F7D1C0000000, float %1693)
	%1695 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %1694, float 0x3F81239E00000000)
	%1696 = call float @llvm.fmuladd.f32(float %1695, float %1694, float 0x3FA5558F20000000)
	%1697 = call float @llvm.fmuladd.f32(float %1696, float %1694, float 0x3FC5554920000000)
	%1698 = call float @llvm.fmuladd.f32(float %1697, float %1694, float 0x3FDFFFFFC0000000)
	%1699 = fmul float %1694, %1694
	%1700 = call float @llvm.fmuladd.f32(float %1698, float %1699, float %1694)
	%1701 = fadd float %1700, 1.0
	%1702 = bitcast float %1691 to i32
	%1703 = sub i32 %1702, u0x4B400000
	%1704 = ashr i32 %1703, 1
	%1705 = sub i32 %1703, %1704
	%1706 = add i32 %1704, 127
	%1707 = shl i32 %1706, 23
	%1708 = bitcast i32 %1707 to float
	%1709 = add i32 %1705, 127
	%1710 = shl i32 %1709, 23
	%1711 = bitcast i32 %1710 to float
	%1712 = fmul float %1701, %1708
	%1713 = fmul float %1712, %1711
	%1714 = fadd float 1.0, %1713
	%1715 = fcmp olt float %1684, 0.0
	%1716 = fmul float %1684, %1712
	%1717 = select i1 %1715, float %1716, float %1684
	%1718 = select i1 %1715, float %1711, float 1.0
	%1719 = fdiv float %1717, %1714
	%1720 = fmul float %1719, %1718
	%1721 = fcmp olt float %1684, -115.0
	%1722 = select i1 %1721, float -0.0, float %1720
	%1723 = fcmp oeq float %1684, 0xFFF0000000000000
	%1724 = select i1 %1723, float 0x7FF8000000000000, float %1722
	%1725 = mul i64 %1515, %i1
	%1726 = add i64 %1725, %1676
	%1727 = getelementptr float, float addrspace(1)* %p3, i64 %1726
	store float %1724, float addrspace(1)* %1727, align 4
	br label %if.join.50

if.join.50:
	ret void
}

declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.y()

declare i32 @llvm.nvvm.read.ptx.sreg.nctaid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.nctaid.y()

declare i32 @llvm.nvvm.read.ptx.sreg.tid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.tid.y()

declare void @llvm.nvvm.barrier0()

declare float @llvm.fmuladd.f32(float %0, float %1, float %2)

declare float @llvm.fabs.f32(float %0)
